package org.custodyledger.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What claim checks need to know of the ledger at an instant. The pure fold answers from its
 * walk; the projection answers with indexed queries; {@link ClaimChecks} holds the rules for both.
 */
public interface LedgerFacts {
    boolean operationPlanned(String operationId);

    boolean facilityRegistered(String facilityId);

    /** Registered facilities of a country, sorted. */
    List<String> facilitiesIn(String country);

    /** Sum of receivedCount of completed transfers in the operation. */
    long receivedInOperation(String operationId);

    /** Sum of receivedCount of completed transfers into these facilities. */
    long receivedAt(List<String> facilityIds);

    /** Population of a registered facility; empty without a census baseline. */
    Optional<Long> population(String facilityId);

    /** The facts at another instant (a claim's asOf). */
    LedgerFacts at(Instant instant);
}
