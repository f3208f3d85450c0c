package org.custodyledger.ledger;

import java.time.Instant;
import java.util.Collection;
import org.custodyledger.events.OperationPlanned;

/** An operation's figures from its transfers' states at one instant; shared by the fold and the projection. */
public final class OperationFigures {
    private OperationFigures() {
    }

    public static OperationView of(OperationPlanned p, Collection<TransferView> transfers) {
        long initiated = 0, received = 0, inTransit = 0, cancelled = 0, lost = 0;
        Instant first = null, last = null;
        for (TransferView t : transfers) {
            initiated += t.count();
            switch (t.status()) {
                case TransferView.COMPLETED -> {
                    received += t.receivedCount();
                    lost += t.lost();
                }
                case TransferView.CANCELLED -> cancelled += t.count();
                default -> inTransit += t.count();
            }
            first = first == null || t.initiatedAt().isBefore(first) ? t.initiatedAt() : first;
            Instant latest = t.finishedAt() != null ? t.finishedAt() : t.initiatedAt();
            last = last == null || latest.isAfter(last) ? latest : last;
        }
        return new OperationView(p.operationId(), p.name(), p.lead(), p.plannedMax(), p.fromCountry(), p.toCountry(),
                initiated, received, inTransit, cancelled, lost, transfers.size(), first, last);
    }
}
