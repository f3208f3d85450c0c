package org.custodyledger.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code count} people leave the origin and are in transit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransferInitiated(String transferId, String operationId, String fromFacilityId, String toFacilityId,
                                int count, List<Cohort> breakdown) implements CustodyEvent {
    @Override
    public String subject() {
        return "transfer/" + transferId;
    }
}
