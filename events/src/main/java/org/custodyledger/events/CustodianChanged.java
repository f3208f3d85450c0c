package org.custodyledger.events;

/** The facility is held by another authority from the event's time on. */
public record CustodianChanged(@org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String facilityId, @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String custodian) implements CustodyEvent {
    @Override
    public String subject() {
        return "facility/" + facilityId;
    }
}
