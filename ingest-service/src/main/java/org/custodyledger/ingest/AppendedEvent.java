package org.custodyledger.ingest;

import java.time.Instant;
import java.util.UUID;
import org.custodyledger.events.ConsistencyToken;

/**
 * Where an event stands in the log, as the ingest API reports it; with the SHA-256 of the record
 * value stored there and its recordedBy, which its signed receipt names (null where unknown: a
 * position not yet confirmed, or a receipt kept before they were).
 */
public record AppendedEvent(UUID eventId, String type, int partition, long offset, Instant recordedAt, String recordSha256, String recordedBy) {
    public ConsistencyToken consistencyToken() {
        return ConsistencyToken.of(partition, offset);
    }
}
