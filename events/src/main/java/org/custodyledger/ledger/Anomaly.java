package org.custodyledger.ledger;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Something in the log that does not add up: shown to people, never thrown at the consumer. The
 * reference and retraction anomalies are made here, so the fold and the projection's SQL derivation
 * say the same thing; those of a transfer's lifecycle and of a population live with their rules
 * ({@link TransferLifecycle}, {@link PopulationCheck}).
 */
public record Anomaly(Kind kind, UUID eventId, Instant occurredAt, String subject, String detail) {
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "AnomalyKind")
    public enum Kind {
        NEGATIVE_POPULATION, ABOVE_CAPACITY, LOST_IN_TRANSIT, UNKNOWN_TRANSFER, TRANSFER_ALREADY_FINISHED,
        DUPLICATE_TRANSFER, RECEIVED_MORE_THAN_SENT, UNKNOWN_RETRACTION_TARGET, RETRACTION_OF_RETRACTION,
        UNKNOWN_FACILITY, UNKNOWN_OPERATION, DUPLICATE_REGISTRATION, BREAKDOWN_MISMATCH
    }

    /** A second registration of a facility (by event time): ignored. */
    public static Anomaly facilityAlreadyRegistered(UUID eventId, Instant at, String facilityId) {
        return new Anomaly(Kind.DUPLICATE_REGISTRATION, eventId, at, "facility/" + facilityId,
                "facility " + facilityId + " is already registered; ignored");
    }

    /** A second plan of an operation (by event time): ignored. */
    public static Anomaly operationAlreadyPlanned(UUID eventId, Instant at, String operationId) {
        return new Anomaly(Kind.DUPLICATE_REGISTRATION, eventId, at, "operation/" + operationId,
                "operation " + operationId + " is already planned; ignored");
    }

    /** An event about (or a transfer from or to) a facility not registered by its time. */
    public static Anomaly unknownFacility(UUID eventId, Instant at, String subject, String facilityId) {
        return new Anomaly(Kind.UNKNOWN_FACILITY, eventId, at, subject, "facility " + facilityId + " is not registered by then");
    }

    /** A transfer under an operation not planned by its initiation. */
    public static Anomaly unknownOperation(UUID eventId, Instant at, String subject, String operationId) {
        return new Anomaly(Kind.UNKNOWN_OPERATION, eventId, at, subject, "operation " + operationId + " is not planned by then");
    }

    /**
     * What is wrong with a retraction, if anything: its target is not in the log, or is itself a
     * retraction (which stands). The anomaly is the retraction's; its subject is the target.
     */
    public static Optional<Anomaly> ofRetraction(UUID retractionId, Instant at, UUID targetId, boolean targetKnown,
                                                 boolean targetIsRetraction) {
        String subject = "event/" + targetId;
        if (targetIsRetraction) {
            return Optional.of(new Anomaly(Kind.RETRACTION_OF_RETRACTION, retractionId, at, subject,
                    "a retraction cannot be retracted; it stands"));
        }
        if (!targetKnown) {
            return Optional.of(new Anomaly(Kind.UNKNOWN_RETRACTION_TARGET, retractionId, at, subject,
                    "retracts " + targetId + ", which is not in the log"));
        }
        return Optional.empty();
    }
}
