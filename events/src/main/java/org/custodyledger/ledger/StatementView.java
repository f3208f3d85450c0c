package org.custodyledger.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.custodyledger.events.StatementRecorded;

/** A recorded statement, with its claims checked against the ledger, and who recorded it when (from its envelope). */
public record StatementView(UUID eventId, Instant occurredAt, StatementRecorded statement, List<ClaimCheck> checks,
                            String recordedBy, Instant recordedAt) {
}
