package org.custodyledger.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.custodyledger.events.Envelope;

/**
 * People moved between places over a window (SPEC "Breakdowns, flows and cohort claims"): for each
 * pair of origin and destination group (country, custodian or facility), those received (at the
 * completion), lost (received short, at the completion) and cancelled (at the cancellation) within
 * [from, to). The origin's group is as it stood at the initiation, the destination's at the finish,
 * so a custodian change mid-transfer counts where the people actually went. Facilities' groups
 * follow the fold's rules: the first registration counts, custodian changes from then on.
 */
public final class Flows {
    /** What a group is. */
    public enum By { COUNTRY, CUSTODIAN, FACILITY }

    /** The people moved from one group to another within the window. */
    public record Flow(String from, String to, long received, long lost, long cancelled) {
    }

    private Flows() {
    }

    public static List<Flow> between(Collection<Envelope> events, Instant from, Instant to, By by) {
        return between(events, from, to, by, null, null);
    }

    public static List<Flow> between(Collection<Envelope> events, Instant from, Instant to, By by, String nationality) {
        return between(events, from, to, by, nationality, null);
    }

    /**
     * With a nationality and/or a cohort, only the people of the transfers' breakdown lines that
     * match them ({@link Breakdowns.Line#matches}, see {@link Breakdowns#transferLines}); people of
     * no stated nationality or cohort are not counted, and a pair shows only where some transfer
     * had such a line.
     */
    public static List<Flow> between(Collection<Envelope> events, Instant from, Instant to, By by, String nationality, String cohort) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        List<Envelope> ordered = LedgerFold.effective(LedgerFold.byId(events));
        // A finish at an instant before `to` counts, so the state just before `to` holds every transfer that can.
        LedgerFold.LedgerState end = LedgerFold.LedgerState.walk(ordered, to.minusNanos(1));
        Map<String, Place> places = places(ordered);
        Map<List<String>, long[]> sums = new TreeMap<>(java.util.Comparator.<List<String>, String>comparing(pair -> pair.get(0)).thenComparing(pair -> pair.get(1)));
        for (ResolvedTransfer t : end.transfers.values()) {
            if (t.finishedAt() == null || t.finishedAt().isBefore(from) || !t.finishedAt().isBefore(to)) {
                continue;
            }
            String origin = group(places, t.initiated().fromFacilityId(), t.initiatedAt(), by);
            String destination = group(places, t.initiated().toFacilityId(), t.finishedAt(), by);
            if (nationality != null || cohort != null) {
                for (Breakdowns.TransferLine l : Breakdowns.transferLines(t)) {
                    if (l.line().matches(cohort, nationality)) {
                        long[] sum = sums.computeIfAbsent(List.of(origin, destination), k -> new long[3]);
                        boolean completed = TransferView.COMPLETED.equals(t.outcome());
                        sum[0] += completed && l.received() != null ? l.received() : 0;
                        sum[1] += completed ? l.lost() : 0;
                        sum[2] += completed ? 0 : l.sent();
                    }
                }
                continue;
            }
            long[] sum = sums.computeIfAbsent(List.of(origin, destination), k -> new long[3]);
            if (TransferView.COMPLETED.equals(t.outcome())) {
                sum[0] += t.receivedCount();
                sum[1] += Math.max(0, t.initiated().count() - t.receivedCount());
            } else if (TransferView.CANCELLED.equals(t.outcome())) {
                sum[2] += t.initiated().count();
            }
        }
        List<Flow> flows = new ArrayList<>();
        sums.forEach((pair, sum) -> flows.add(new Flow(pair.get(0), pair.get(1), sum[0], sum[1], sum[2])));
        return flows;
    }

    /** A facility as registered (its first registration) and its custodians from then on, in event order. */
    private record Place(Instant registeredAt, String country, List<Instant> since, List<String> custodians) {
        String custodianAt(Instant t) {
            String custodian = null;
            for (int i = 0; i < since.size() && !since.get(i).isAfter(t); i++) {
                custodian = custodians.get(i);
            }
            return custodian;
        }
    }

    /** As the fold applies them: a second registration changes nothing, a custodian change before the registration is ignored. */
    private static Map<String, Place> places(List<Envelope> ordered) {
        Map<String, Place> places = new HashMap<>();
        for (Envelope e : ordered) {
            if (e.data() instanceof org.custodyledger.events.FacilityRegistered r && !places.containsKey(r.facilityId())) {
                places.put(r.facilityId(), new Place(e.occurredAt(), r.country(), new ArrayList<>(List.of(e.occurredAt())),
                        new ArrayList<>(List.of(r.custodian()))));
            } else if (e.data() instanceof org.custodyledger.events.CustodianChanged c && places.containsKey(c.facilityId())) {
                places.get(c.facilityId()).since().add(e.occurredAt());
                places.get(c.facilityId()).custodians().add(c.custodian());
            }
        }
        return places;
    }

    /** A facility's group at an instant; "unknown" for one not registered by then. */
    private static String group(Map<String, Place> places, String facilityId, Instant at, By by) {
        if (by == By.FACILITY) {
            return facilityId;
        }
        Place place = places.get(facilityId);
        if (place == null || place.registeredAt().isAfter(at)) {
            return "unknown";
        }
        return by == By.COUNTRY ? place.country() : place.custodianAt(at);
    }
}
