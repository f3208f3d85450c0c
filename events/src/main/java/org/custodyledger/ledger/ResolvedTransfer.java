package org.custodyledger.ledger;

import java.time.Instant;
import java.util.UUID;
import org.custodyledger.events.TransferInitiated;

/**
 * A transfer's lifecycle once its events are resolved: the initiation that counts and, if any, the
 * finish that counts. Its status at an instant T is IN_TRANSIT until finishedAt.
 */
public record ResolvedTransfer(TransferInitiated initiated, UUID initiatedEventId, Instant initiatedAt, String outcome,
                               UUID finishedEventId, Instant finishedAt, Integer receivedCount) {

    public String transferId() {
        return initiated.transferId();
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
                received == null ? 0 : initiated.count() - received);
    }
}
