package org.custodyledger.events;

/**
 * Where the facility is, from the event's time on (WGS 84 degrees, as precise as the operator
 * chooses to state it): a facility registered without one gets one, a wrong one is corrected.
 * From schema version 4.
 */
public record FacilityLocated(@org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String facilityId,
                              @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true, minimum = "-90", maximum = "90") double latitude,
                              @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true, minimum = "-180", maximum = "180") double longitude)
        implements CustodyEvent {
    @Override
    public String subject() {
        return "facility/" + facilityId;
    }
}
