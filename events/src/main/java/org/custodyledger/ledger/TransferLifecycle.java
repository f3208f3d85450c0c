package org.custodyledger.ledger;

import java.util.ArrayList;
import java.util.List;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.TransferCancelled;
import org.custodyledger.events.TransferCompleted;
import org.custodyledger.events.TransferInitiated;

/**
 * Resolves the events of one transferId (retracted ones already removed), in event-time order:
 * the first initiation counts and later ones are anomalies; a finish before the initiation or
 * after another finish is an anomaly with no effect. Resolving a prefix of the events gives the
 * state at that time, so one resolution serves every as-of instant.
 */
public final class TransferLifecycle {
    public record Resolution(ResolvedTransfer transfer, List<Anomaly> anomalies) {
    }

    private TransferLifecycle() {
    }

    /** The transfer a transfer event is about; null for every other event. */
    public static String transferIdOf(org.custodyledger.events.CustodyEvent data) {
        if (data instanceof TransferInitiated t) {
            return t.transferId();
        } else if (data instanceof TransferCompleted c) {
            return c.transferId();
        } else if (data instanceof TransferCancelled c) {
            return c.transferId();
        }
        return null;
    }

    public static Resolution resolve(List<Envelope> events) {
        List<Envelope> ordered = events.stream().sorted(EventOrder.EVENT_TIME).toList();
        List<Anomaly> anomalies = new ArrayList<>();
        ResolvedTransfer transfer = null;
        for (Envelope e : ordered) {
            if (e.data() instanceof TransferInitiated t) {
                if (transfer != null) {
                    anomalies.add(anomaly(Anomaly.Kind.DUPLICATE_TRANSFER, e, "transfer " + t.transferId() + " was already initiated; ignored"));
                } else {
                    transfer = new ResolvedTransfer(t, e.eventId(), e.occurredAt(), null, null, null, null, e.recordedBy(), null, null);
                }
                continue;
            }
            String transferId = e.data() instanceof TransferCompleted c ? c.transferId() : ((TransferCancelled) e.data()).transferId();
            if (transfer == null) {
                anomalies.add(anomaly(Anomaly.Kind.UNKNOWN_TRANSFER, e, "transfer " + transferId + " was not initiated before this; no effect"));
            } else if (transfer.outcome() != null) {
                anomalies.add(anomaly(Anomaly.Kind.TRANSFER_ALREADY_FINISHED, e, "transfer " + transferId + " was already "
                        + transfer.outcome().toLowerCase() + "; no effect"));
            } else if (e.data() instanceof TransferCompleted c) {
                int count = transfer.initiated().count();
                int received = c.receivedCount() != null ? c.receivedCount() : count;
                if (received > count) {
                    anomalies.add(anomaly(Anomaly.Kind.RECEIVED_MORE_THAN_SENT, e, "received " + received + " of " + count + " sent; no effect"));
                    continue;
                }
                if (received < count) {
                    anomalies.add(anomaly(Anomaly.Kind.LOST_IN_TRANSIT, e, (count - received) + " of " + count + " not received in transfer " + transferId));
                }
                java.util.List<org.custodyledger.events.Cohort> breakdown = c.breakdown();
                if (breakdown != null && Breakdowns.receivedLines(Breakdowns.lines(transfer.initiated().breakdown(), count), count, received, breakdown) == null) {
                    anomalies.add(anomaly(Anomaly.Kind.BREAKDOWN_MISMATCH, e, "the breakdown of those received does not fit the "
                            + received + " received of the lines sent in transfer " + transferId + "; counted as a completion without one"));
                    breakdown = null;
                }
                transfer = new ResolvedTransfer(transfer.initiated(), transfer.initiatedEventId(), transfer.initiatedAt(),
                        TransferView.COMPLETED, e.eventId(), e.occurredAt(), received, transfer.initiatedBy(), e.recordedBy(), breakdown);
            } else {
                transfer = new ResolvedTransfer(transfer.initiated(), transfer.initiatedEventId(), transfer.initiatedAt(),
                        TransferView.CANCELLED, e.eventId(), e.occurredAt(), null, transfer.initiatedBy(), e.recordedBy(), null);
            }
        }
        return new Resolution(transfer, List.copyOf(anomalies));
    }

    static Anomaly anomaly(Anomaly.Kind kind, Envelope e, String detail) {
        return new Anomaly(kind, e.eventId(), e.occurredAt(), e.data().subject(), detail);
    }
}
