package org.custodyledger.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An operation exists; while its transfers are in transit, its lead holds the people moved. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationPlanned(@org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String operationId, @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String name, @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String lead, Integer plannedMax,
                               String fromCountry, String toCountry) implements CustodyEvent {
    @Override
    public String subject() {
        return "operation/" + operationId;
    }
}
