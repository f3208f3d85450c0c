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

    /** Why the breakdowns cannot be relied on here (a store projected before it kept them), if so. */
    default Optional<String> breakdownsMissing() {
        return Optional.empty();
    }

    /** People received by line in the operation's completed transfers (see {@link Breakdowns}). */
    java.util.Map<Breakdowns.Line, Long> receivedLinesInOperation(String operationId);

    /** People received by line in completed transfers into these facilities. */
    java.util.Map<Breakdowns.Line, Long> receivedLinesAt(List<String> facilityIds);

    /** Population by line of a registered facility; empty unless its latest census has a breakdown. */
    Optional<java.util.Map<Breakdowns.Line, Long>> populationLines(String facilityId);

    /** Population of a registered facility; empty without a census baseline. */
    Optional<Long> population(String facilityId);

    /** The facts at another instant (a claim's asOf). */
    LedgerFacts at(Instant instant);
}
