package org.custodyledger.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event as it stands in the log: the domain fact plus who recorded it and when. The ingest
 * service fills {@code recordedAt} and {@code recordedBy}; clients never set them.
 */
public record Envelope(UUID eventId, Instant occurredAt, Instant recordedAt, String recordedBy, int schemaVersion,
                       CustodyEvent data) {
    public Envelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(recordedBy, "recordedBy");
        Objects.requireNonNull(data, "data");
    }

    public String type() {
        return EventTypes.nameOf(data);
    }
}
