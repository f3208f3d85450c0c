package org.custodyledger.ingest;

import org.custodyledger.events.CensusRecorded;
import org.custodyledger.events.CustodianChanged;
import org.custodyledger.events.EventRetracted;
import org.custodyledger.events.FacilityLocated;
import org.custodyledger.events.FacilityRegistered;
import org.custodyledger.events.OperationPlanned;
import org.custodyledger.events.StatementRecorded;
import org.custodyledger.events.TransferCancelled;
import org.custodyledger.events.TransferCompleted;
import org.custodyledger.events.TransferInitiated;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The request body of the ingest API in its document: one of the event types, each with its data
 * record. {@link ApiDocument} turns each into an envelope {eventId?, type, occurredAt, data} with
 * {@code type} as discriminator; ContractIT holds the list equal to the events' sealed hierarchy.
 */
@Schema(name = "EventSubmission", oneOf = {FacilityRegistered.class, CustodianChanged.class, FacilityLocated.class, OperationPlanned.class, CensusRecorded.class,
        TransferInitiated.class, TransferCompleted.class, TransferCancelled.class, StatementRecorded.class, EventRetracted.class})
final class EventSubmission {
    private EventSubmission() {
    }
}
