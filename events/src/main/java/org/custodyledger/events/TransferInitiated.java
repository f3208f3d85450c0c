package org.custodyledger.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code count} people leave the origin and are in transit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransferInitiated(@org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String transferId, String operationId, @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String fromFacilityId, @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String toFacilityId,
                                int count, List<Cohort> breakdown) implements CustodyEvent {
    @Override
    public String subject() {
        return "transfer/" + transferId;
    }
}
