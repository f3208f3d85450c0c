package org.custodyledger.ledger;

import java.time.Instant;

/** An operation's figures over its transfers initiated by the instant: initiated = received + lost + cancelled + inTransit. */
public record OperationView(String operationId, String name, String lead, Integer plannedMax, String fromCountry,
                            String toCountry, long initiated, long received, long inTransit, long cancelled, long lost,
                            int transfers, Instant firstActivity, Instant lastActivity) {
}
