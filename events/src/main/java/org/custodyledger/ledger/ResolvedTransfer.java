package org.custodyledger.ledger;

import java.time.Instant;
import java.util.UUID;
import org.custodyledger.events.TransferInitiated;

/**
 * A transfer's lifecycle once its events are resolved: the initiation that counts and, if any, the
 * finish that counts. Its status at an instant T is IN_TRANSIT until finishedAt.
 * {@code receivedBreakdown} is the completion's breakdown where it fits the initiated lines (see
 * {@link Breakdowns#receivedLines}), else null; a row read back from the projection's
 * {@code transfer} table carries no breakdowns.
 */
public record ResolvedTransfer(TransferInitiated initiated, UUID initiatedEventId, Instant initiatedAt, String outcome,
                               UUID finishedEventId, Instant finishedAt, Integer receivedCount, String initiatedBy, String finishedBy,
                               java.util.List<org.custodyledger.events.Cohort> receivedBreakdown) {

    public String transferId() {
        return initiated.transferId();
    }

    /**
     * The transfer's ledger entries: -count from the origin at initiation; then +received at the
     * destination at completion, or +count back at the origin at cancellation.
     */
    public java.util.List<LedgerEntry> entries() {
        LedgerEntry out = new LedgerEntry(initiatedEventId, initiated.fromFacilityId(), initiatedAt, -initiated.count());
        if (TransferView.COMPLETED.equals(outcome)) {
            return java.util.List.of(out, new LedgerEntry(finishedEventId, initiated.toFacilityId(), finishedAt, receivedCount));
        } else if (TransferView.CANCELLED.equals(outcome)) {
            return java.util.List.of(out, new LedgerEntry(finishedEventId, initiated.fromFacilityId(), finishedAt, initiated.count()));
        }
        return java.util.List.of(out);
    }

    public String statusAt(Instant t) {
        return finishedAt != null && !finishedAt.isAfter(t) ? outcome : TransferView.IN_TRANSIT;
    }

    public TransferView viewAt(Instant t) {
        String status = statusAt(t);
        boolean finished = !TransferView.IN_TRANSIT.equals(status);
        Integer received = TransferView.COMPLETED.equals(status) ? receivedCount : null;
        return new TransferView(transferId(), initiated.operationId(), initiated.fromFacilityId(), initiated.toFacilityId(),
                initiated.count(), initiatedAt, status, finished ? finishedAt : null, received,
                received == null ? 0 : initiated.count() - received, initiatedBy, finished ? finishedBy : null);
    }
}
