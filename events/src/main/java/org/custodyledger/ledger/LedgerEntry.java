package org.custodyledger.ledger;

import java.time.Instant;
import java.util.UUID;

/** What one event of a transfer does to one facility's population: a signed change at the event's instant. */
public record LedgerEntry(UUID eventId, String facilityId, Instant at, int delta) {
}
