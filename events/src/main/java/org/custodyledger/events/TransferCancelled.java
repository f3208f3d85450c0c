package org.custodyledger.events;

/** The whole transfer returns to its origin. */
public record TransferCancelled(String transferId, String reason) implements CustodyEvent {
    @Override
    public String subject() {
        return "transfer/" + transferId;
    }
}
