package org.custodyledger.ledger;

import java.time.Instant;

/**
 * A transfer at an instant. status: IN_TRANSIT, COMPLETED or CANCELLED. initiatedBy and finishedBy
 * are the recordedBy of the events that count (finishedBy only once it is finished).
 */
public record TransferView(String transferId, String operationId, String fromFacilityId, String toFacilityId,
                           int count, Instant initiatedAt, String status, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) Instant finishedAt, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) Integer receivedCount,
                           int lost, String initiatedBy, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) String finishedBy) {
    public static final String IN_TRANSIT = "IN_TRANSIT";
    public static final String COMPLETED = "COMPLETED";
    public static final String CANCELLED = "CANCELLED";
}
