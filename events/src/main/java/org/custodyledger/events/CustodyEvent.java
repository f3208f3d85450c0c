package org.custodyledger.events;

/**
 * Every fact the ledger can record (SPEC "Event types (version 1)"). Events are immutable and
 * never change once appended; a mistake is corrected by a new event, e.g. {@link EventRetracted}.
 */
public sealed interface CustodyEvent permits FacilityRegistered, CustodianChanged, FacilityLocated, OperationPlanned,
        CensusRecorded, TransferInitiated, TransferCompleted, TransferCancelled, StatementRecorded,
        EventRetracted {

    /**
     * The entity this event is about (CloudEvents {@code subject}). It is also the Kafka record key,
     * so every event of one transfer, facility, operation or statement stays ordered in one partition.
     */
    String subject();
}
