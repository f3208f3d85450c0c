package org.custodyledger.ledger;

import java.time.Instant;

/** An operation's figures over its transfers initiated by the instant: initiated = received + lost + cancelled + inTransit. */
public record OperationView(String operationId, String name, String lead, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) Integer plannedMax, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) String fromCountry,
                            @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) String toCountry, long initiated, long received, long inTransit, long cancelled, long lost,
                            int transfers, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) Instant firstActivity, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) Instant lastActivity) {
}
