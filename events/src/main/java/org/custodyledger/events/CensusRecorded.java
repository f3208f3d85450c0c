package org.custodyledger.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A headcount at the event's time; it becomes the facility's baseline. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CensusRecorded(@org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String facilityId, @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) int population, List<Cohort> breakdown)
        implements CustodyEvent {
    @Override
    public String subject() {
        return "facility/" + facilityId;
    }
}
