package org.custodyledger.events;

/** The facility is held by another authority from the event's time on. */
public record CustodianChanged(String facilityId, String custodian) implements CustodyEvent {
    @Override
    public String subject() {
        return "facility/" + facilityId;
    }
}
