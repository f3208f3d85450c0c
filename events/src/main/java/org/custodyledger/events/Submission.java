package org.custodyledger.events;

import java.time.Instant;
import java.util.UUID;

/** What an operator posted, once valid: eventId is null when the client left it to the server. */
public record Submission(UUID eventId, Instant occurredAt, CustodyEvent data) {
    public String type() {
        return EventTypes.nameOf(data);
    }

    public Envelope record(UUID assignedId, Instant recordedAt, String recordedBy) {
        return new Envelope(eventId != null ? eventId : assignedId, occurredAt, recordedAt, recordedBy,
                EventTypes.CURRENT_SCHEMA_VERSION, data);
    }
}
