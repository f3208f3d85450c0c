package org.custodyledger.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.SortedMap;

/** {@code count} people leave the origin and are in transit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransferInitiated(String transferId, String operationId, String fromFacilityId, String toFacilityId,
                                int count, SortedMap<String, Integer> breakdown) implements CustodyEvent {
    @Override
    public String subject() {
        return "transfer/" + transferId;
    }
}
