package org.custodyledger.ingest;

import java.time.Instant;
import java.util.UUID;
import org.custodyledger.events.ConsistencyToken;

/** Where an event stands in the log, as the ingest API reports it. */
public record AppendedEvent(UUID eventId, String type, int partition, long offset, Instant recordedAt) {
    public ConsistencyToken consistencyToken() {
        return ConsistencyToken.of(partition, offset);
    }
}
