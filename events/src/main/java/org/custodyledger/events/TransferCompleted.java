package org.custodyledger.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/** People arrive; {@code receivedCount} absent means everyone initiated arrived. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransferCompleted(@org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String transferId, Integer receivedCount) implements CustodyEvent {
    @Override
    public String subject() {
        return "transfer/" + transferId;
    }
}
