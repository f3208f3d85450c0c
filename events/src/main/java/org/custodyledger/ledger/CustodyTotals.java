package org.custodyledger.ledger;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Totals by custodian and by country from facility and transfer views at one instant. */
public final class CustodyTotals {
    private CustodyTotals() {
    }

    /** @param holderInTransit who holds the people of an in-transit transfer (its operation's lead, else the origin's custodian) */
    public static Map<String, CustodyTotal> byCustodian(Collection<FacilityView> facilities, Collection<TransferView> inTransit,
                                                        Function<TransferView, String> holderInTransit) {
        Map<String, CustodyTotal> totals = totals(facilities, FacilityView::custodian);
        for (TransferView t : inTransit) {
            String holder = holderInTransit.apply(t);
            totals.merge(holder, new CustodyTotal(holder, 0L, 0, t.count(), 0), CustodyTotals::add);
        }
        return totals;
    }

    /**
     * Who holds the people of an in-transit transfer: its operation's lead if the operation is
     * planned, else the origin's custodian, else "unknown (origin)".
     *
     * @param leadOf an operation's lead, null if not planned; @param custodianOf a facility's custodian, null if not registered
     */
    public static String holderInTransit(TransferView t, Function<String, String> leadOf, Function<String, String> custodianOf) {
        String lead = t.operationId() == null ? null : leadOf.apply(t.operationId());
        if (lead != null) {
            return lead;
        }
        String custodian = custodianOf.apply(t.fromFacilityId());
        return custodian == null ? "unknown (" + t.fromFacilityId() + ")" : custodian;
    }

    public static Map<String, CustodyTotal> byCountry(Collection<FacilityView> facilities) {
        return totals(facilities, FacilityView::country);
    }

    private static Map<String, CustodyTotal> totals(Collection<FacilityView> facilities, Function<FacilityView, String> key) {
        Map<String, CustodyTotal> totals = new TreeMap<>();
        for (FacilityView f : facilities) {
            String k = key.apply(f);
            totals.merge(k, new CustodyTotal(k, f.population(), f.netChange(), 0, 1), CustodyTotals::add);
        }
        return totals;
    }

    private static CustodyTotal add(CustodyTotal a, CustodyTotal b) {
        Long population = a.population() == null || b.population() == null ? null : a.population() + b.population();
        return new CustodyTotal(a.key(), population, a.netChange() + b.netChange(), a.inTransit() + b.inTransit(),
                a.facilities() + b.facilities());
    }
}
