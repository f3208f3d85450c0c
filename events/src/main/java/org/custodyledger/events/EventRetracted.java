package org.custodyledger.events;

import java.util.UUID;

/** Removes the target event's effect everywhere; the target stays in the log for the audit trail. */
public record EventRetracted(UUID targetEventId, String reason) implements CustodyEvent {
    @Override
    public String subject() {
        return "event/" + targetEventId;
    }
}
