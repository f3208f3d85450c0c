package org.custodyledger.events;

import java.util.UUID;

/** Removes the target event's effect everywhere; the target stays in the log for the audit trail. */
public record EventRetracted(@org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) UUID targetEventId, @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String reason) implements CustodyEvent {
    @Override
    public String subject() {
        return "event/" + targetEventId;
    }
}
