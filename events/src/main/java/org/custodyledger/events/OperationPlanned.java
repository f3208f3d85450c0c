package org.custodyledger.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An operation exists; while its transfers are in transit, its lead holds the people moved. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationPlanned(String operationId, String name, String lead, Integer plannedMax,
                               String fromCountry, String toCountry) implements CustodyEvent {
    @Override
    public String subject() {
        return "operation/" + operationId;
    }
}
