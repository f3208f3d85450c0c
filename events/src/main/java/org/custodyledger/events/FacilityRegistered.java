package org.custodyledger.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A facility exists, in a country, held by a custodian; capacity is optional. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FacilityRegistered(@org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String facilityId, @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String name, @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String country, @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String custodian, Integer capacity)
        implements CustodyEvent {
    @Override
    public String subject() {
        return "facility/" + facilityId;
    }
}
