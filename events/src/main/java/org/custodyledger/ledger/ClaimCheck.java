package org.custodyledger.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.custodyledger.events.Claim;

/**
 * One claim of a statement checked against the ledger at the claim's asOf; {@code cohort} and
 * {@code nationality} are set where the claim names them.
 */
@org.eclipse.microprofile.openapi.annotations.media.Schema(requiredProperties = {"statementId", "claimIndex", "metric", "scope", "scopeId",
        "qualifier", "claimed", "asOf", "ledgerValue", "verdict", "why"})
public record ClaimCheck(String statementId, int claimIndex, Claim.Metric metric, String scope, String scopeId,
                         Claim.Qualifier qualifier, long claimed, Instant asOf, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) Long ledgerValue, Verdict verdict,
                         String why, @JsonInclude(JsonInclude.Include.NON_NULL) String cohort, @JsonInclude(JsonInclude.Include.NON_NULL) String nationality) {

    static ClaimCheck of(String statementId, int index, Claim claim, String scope, String scopeId, Instant asOf, Long ledgerValue,
                         Verdict verdict, String why) {
        return new ClaimCheck(statementId, index, claim.metric(), scope, scopeId, claim.qualifier(), claim.value(), asOf, ledgerValue,
                verdict, why, claim.cohort(), claim.nationality());
    }
}
