package org.custodyledger.ledger;

import java.time.Instant;
import java.util.UUID;

/** Something in the log that does not add up: shown to people, never thrown at the consumer. */
public record Anomaly(Kind kind, UUID eventId, Instant occurredAt, String subject, String detail) {
    public enum Kind {
        NEGATIVE_POPULATION, ABOVE_CAPACITY, LOST_IN_TRANSIT, UNKNOWN_TRANSFER, TRANSFER_ALREADY_FINISHED,
        DUPLICATE_TRANSFER, RECEIVED_MORE_THAN_SENT, UNKNOWN_RETRACTION_TARGET, RETRACTION_OF_RETRACTION,
        UNKNOWN_FACILITY, UNKNOWN_OPERATION, DUPLICATE_REGISTRATION
    }
}
