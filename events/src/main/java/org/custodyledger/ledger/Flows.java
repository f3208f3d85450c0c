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
 * so a custodian change mid-transfer counts where the people actually went. The reference rule:
 * it re-walks the log at each instant it needs, as the claim checks do.
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
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        List<Envelope> ordered = LedgerFold.effective(LedgerFold.byId(events));
        // A finish at an instant before `to` counts, so the state just before `to` holds every transfer that can.
        LedgerFold.LedgerState end = LedgerFold.LedgerState.walk(ordered, to.minusNanos(1));
        Map<Instant, LedgerFold.LedgerState> at = new HashMap<>();
        Map<List<String>, long[]> sums = new TreeMap<>(java.util.Comparator.<List<String>, String>comparing(pair -> pair.get(0)).thenComparing(pair -> pair.get(1)));
        for (ResolvedTransfer t : end.transfers.values()) {
            if (t.finishedAt() == null || t.finishedAt().isBefore(from) || !t.finishedAt().isBefore(to)) {
                continue;
            }
            String origin = group(at.computeIfAbsent(t.initiatedAt(), i -> LedgerFold.LedgerState.walk(ordered, i)), t.initiated().fromFacilityId(), by);
            String destination = group(at.computeIfAbsent(t.finishedAt(), i -> LedgerFold.LedgerState.walk(ordered, i)), t.initiated().toFacilityId(), by);
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

    /** A facility's group at the state's instant; "unknown" for a facility never registered. */
    private static String group(LedgerFold.LedgerState state, String facilityId, By by) {
        LedgerFold.LedgerState.Facility f = state.facilities.get(facilityId);
        if (by == By.FACILITY) {
            return facilityId;
        }
        if (f == null) {
            return "unknown";
        }
        return by == By.COUNTRY ? f.registered.country() : f.custodian;
    }
}
