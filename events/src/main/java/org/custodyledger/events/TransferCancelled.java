package org.custodyledger.events;

/** The whole transfer returns to its origin. */
public record TransferCancelled(@org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String transferId, @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String reason) implements CustodyEvent {
    @Override
    public String subject() {
        return "transfer/" + transferId;
    }
}
