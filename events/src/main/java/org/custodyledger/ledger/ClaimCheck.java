package org.custodyledger.ledger;

import java.time.Instant;
import org.custodyledger.events.Claim;

/** One claim of a statement checked against the ledger at the claim's asOf. */
public record ClaimCheck(String statementId, int claimIndex, Claim.Metric metric, String scope, String scopeId,
                         Claim.Qualifier qualifier, long claimed, Instant asOf, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) Long ledgerValue, Verdict verdict,
                         String why) {
}
