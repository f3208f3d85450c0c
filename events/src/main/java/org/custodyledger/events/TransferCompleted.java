package org.custodyledger.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * People arrive; {@code receivedCount} absent means everyone initiated arrived. Schema v3: an
 * optional {@code breakdown} of the people received, which adds up to receivedCount.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransferCompleted(@org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String transferId, Integer receivedCount,
                                List<Cohort> breakdown) implements CustodyEvent {
    /** A completion without a breakdown of the people received. */
    public TransferCompleted(String transferId, Integer receivedCount) {
        this(transferId, receivedCount, null);
    }

    @Override
    public String subject() {
        return "transfer/" + transferId;
    }
}
