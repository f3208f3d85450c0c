package org.custodyledger.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A facility exists, in a country, held by a custodian; capacity is optional. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FacilityRegistered(String facilityId, String name, String country, String custodian, Integer capacity)
        implements CustodyEvent {
    @Override
    public String subject() {
        return "facility/" + facilityId;
    }
}
