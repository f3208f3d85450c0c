package org.custodyledger.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.custodyledger.events.Claim;
import org.custodyledger.events.Cohort;
import org.custodyledger.events.Envelope;

/**
 * Why a claim's ledger value is what it is: the records it sums, each with what it adds. For a
 * transferred total, each completed transfer in scope (its people received); for people held, each
 * facility's latest census (its population) and every transfer entry after it. Where the value is
 * known, the items add up to it; for a claim naming a cohort or nationality, to the matching lines.
 */
public final class ClaimEvidence {
    /** What a record adds: RECEIVED (a completion), CENSUS (a baseline), ENTRY (a transfer's change after it). */
    public record Item(String kind, UUID eventId, Instant occurredAt, String facilityId, String transferId, long count) {
    }

    /** The order of evidence: by time, then eventId, then facility. */
    public static final Comparator<Item> ORDER = Comparator.comparing(Item::occurredAt).thenComparing(Item::eventId, EventOrder.EVENT_ID)
            .thenComparing(Item::facilityId);

    private ClaimEvidence() {
    }

    /** @param asOf the claim's own instant ({@link ClaimChecks#asOf}) */
    public static List<Item> of(Collection<Envelope> events, Claim claim, Instant asOf) {
        List<Envelope> ordered = LedgerFold.effective(LedgerFold.byId(events));
        LedgerFold.LedgerState state = LedgerFold.LedgerState.walk(ordered, asOf);
        List<String> facilities = ClaimChecks.facilitiesOf(claim, state);
        List<Item> items = new ArrayList<>();
        if (claim.metric() == Claim.Metric.TRANSFERRED_TOTAL) {
            for (ResolvedTransfer t : state.transfers.values()) {
                ResolvedTransfer now = Breakdowns.asOf(t, asOf);
                boolean inScope = claim.operationId() != null ? claim.operationId().equals(t.initiated().operationId())
                        : facilities.contains(t.initiated().toFacilityId());
                if (inScope && TransferView.COMPLETED.equals(now.outcome())) {
                    long count = claim.narrowed() ? matching(Breakdowns.transferLines(now).stream()
                            .filter(l -> l.received() != null).map(l -> Map.entry(l.line(), (long) l.received())).toList(), claim) : now.receivedCount();
                    items.add(new Item("RECEIVED", now.finishedEventId(), now.finishedAt(), t.initiated().toFacilityId(), t.transferId(), count));
                }
            }
        } else {
            for (String facilityId : facilities) {
                LedgerFold.LedgerState.Facility f = state.facilities.get(facilityId);
                if (f.census == null) {
                    continue; // no baseline: the claim is UNVERIFIABLE, nothing to sum
                }
                org.custodyledger.events.CensusRecorded census = (org.custodyledger.events.CensusRecorded) f.census.data();
                items.add(new Item("CENSUS", f.census.eventId(), f.census.occurredAt(), facilityId, null, claim.narrowed()
                        ? matching(lines(census.breakdown()), claim) : census.population()));
                for (ResolvedTransfer t : state.transfers.values()) {
                    ResolvedTransfer now = Breakdowns.asOf(t, asOf);
                    for (LedgerEntry entry : now.entries()) {
                        if (entry.facilityId().equals(facilityId) && after(entry.at(), entry.eventId(), f.census) && !entry.at().isAfter(asOf)) {
                            long count = claim.narrowed() ? matching(Breakdowns.entries(now).stream()
                                    .filter(l -> l.eventId().equals(entry.eventId()) && l.facilityId().equals(facilityId))
                                    .map(l -> Map.entry(l.line(), (long) l.delta())).toList(), claim) : entry.delta();
                            items.add(new Item("ENTRY", entry.eventId(), entry.at(), facilityId, t.transferId(), count));
                        }
                    }
                }
            }
        }
        items.sort(ORDER);
        return items;
    }

    private static List<Map.Entry<Breakdowns.Line, Long>> lines(List<Cohort> breakdown) {
        return breakdown == null ? List.of() : Breakdowns.lines(breakdown, 0).entrySet().stream()
                .map(e -> Map.entry(e.getKey(), (long) e.getValue())).toList();
    }

    private static long matching(List<Map.Entry<Breakdowns.Line, Long>> lines, Claim claim) {
        return lines.stream().filter(l -> l.getKey().matches(claim.cohort(), claim.nationality())).mapToLong(Map.Entry::getValue).sum();
    }

    private static boolean after(Instant at, UUID eventId, Envelope census) {
        int byTime = at.compareTo(census.occurredAt());
        return byTime > 0 || (byTime == 0 && EventOrder.EVENT_ID.compare(eventId, census.eventId()) > 0);
    }
}
