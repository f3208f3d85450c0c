package org.custodyledger.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.custodyledger.events.Claim;

/** Finds a claim's ledger value at its asOf and judges it; UNVERIFIABLE says what is missing. */
public final class ClaimChecks {
    private ClaimChecks() {
    }

    /**
     * A statement with each claim checked against the ledger at the claim's own instant.
     *
     * @param factsAt the ledger at an instant (the caller may cache one per instant)
     */
    public static StatementView view(org.custodyledger.events.Envelope e, java.util.function.Function<Instant, LedgerFacts> factsAt) {
        org.custodyledger.events.StatementRecorded statement = (org.custodyledger.events.StatementRecorded) e.data();
        List<ClaimCheck> checks = new java.util.ArrayList<>();
        for (int i = 0; i < statement.claims().size(); i++) {
            Claim claim = statement.claims().get(i);
            Instant claimAsOf = asOf(claim, e.occurredAt());
            checks.add(check(statement.statementId(), i, claim, claimAsOf, factsAt.apply(claimAsOf)));
        }
        return new StatementView(e.eventId(), e.occurredAt(), statement, List.copyOf(checks), e.recordedBy(), e.recordedAt());
    }

    /** {@code facts} must already stand at {@code asOf}. */
    public static ClaimCheck check(String statementId, int index, Claim claim, Instant asOf, LedgerFacts facts) {
        String scope = claim.operationId() != null ? "operation" : claim.facilityId() != null ? "facility" : "country";
        String scopeId = claim.operationId() != null ? claim.operationId()
                : claim.facilityId() != null ? claim.facilityId() : claim.country();
        if (claim.narrowed()) {
            return narrowed(statementId, index, claim, asOf, facts, scope, scopeId);
        }
        Value value = claim.metric() == Claim.Metric.TRANSFERRED_TOTAL
                ? transferred(scope, scopeId, facts) : held(scope, scopeId, facts);
        if (value.amount == null) {
            return ClaimCheck.of(statementId, index, claim, scope, scopeId,
                    asOf, null, Verdict.UNVERIFIABLE, value.why + " at " + asOf);
        }
        Verdict verdict = Verdict.judge(claim.qualifier(), claim.value(), value.amount);
        String why = "ledger: " + value.amount + " " + value.why + " by " + asOf + "; claimed "
                + claim.qualifier() + " " + claim.value() + (claim.qualifier() == Claim.Qualifier.ABOUT ? " (within 10%)" : "");
        return ClaimCheck.of(statementId, index, claim, scope, scopeId, asOf,
                value.amount, verdict, why);
    }

    /** The instant a claim speaks of: its own asOf, else when the statement was made. */
    public static Instant asOf(Claim claim, Instant statementTime) {
        return claim.asOf() != null ? claim.asOf() : statementTime;
    }

    private record Value(Long amount, String why) {
    }

    /**
     * A claim about a cohort and/or nationality: the ledger value sums the matching lines. Where
     * the undecided part (unspecified, or of no stated nationality for a nationality claim) could
     * turn the verdict either way, the claim is UNVERIFIABLE and its why says how many.
     */
    private static ClaimCheck narrowed(String statementId, int index, Claim claim, Instant asOf, LedgerFacts facts, String scope, String scopeId) {
        String kind = (claim.cohort() == null ? "" : claim.cohort() + " ") + (claim.nationality() == null ? "" : "of nationality " + claim.nationality() + " ");
        Value total = claim.metric() == Claim.Metric.TRANSFERRED_TOTAL ? transferred(scope, scopeId, facts) : held(scope, scopeId, facts);
        List<String> ids = scope.equals("operation") ? List.of() : facilities(scope, scopeId, facts);
        Map<Breakdowns.Line, Long> lines = new TreeMap<>(Breakdowns.Line.ORDER);
        String missing = total.amount == null ? total.why : facts.breakdownsMissing().orElse(null);
        if (missing == null && claim.metric() == Claim.Metric.TRANSFERRED_TOTAL) {
            lines.putAll(scope.equals("operation") ? facts.receivedLinesInOperation(scopeId) : facts.receivedLinesAt(ids));
        } else if (missing == null) {
            for (String facilityId : ids) {
                Optional<Map<Breakdowns.Line, Long>> of = facts.populationLines(facilityId);
                if (of.isEmpty()) {
                    missing = "facility " + facilityId + " has no census with a breakdown";
                    break;
                }
                of.get().forEach((line, n) -> lines.merge(line, n, Long::sum));
            }
        }
        if (missing != null) {
            return ClaimCheck.of(statementId, index, claim, scope, scopeId,
                    asOf, null, Verdict.UNVERIFIABLE, missing + " at " + asOf);
        }
        long matching = 0;
        long undecided = 0;
        List<String> counted = new java.util.ArrayList<>();
        List<String> open = new java.util.ArrayList<>();
        for (Map.Entry<Breakdowns.Line, Long> l : lines.entrySet()) {
            String name = l.getKey().cohort() + (l.getKey().nationality() == null ? "" : "/" + l.getKey().nationality()) + " " + l.getValue();
            if (l.getKey().matches(claim.cohort(), claim.nationality())) {
                matching += l.getValue();
                counted.add(name);
            } else if (l.getKey().undecidedFor(claim.cohort(), claim.nationality()) && l.getValue() != 0) {
                undecided += l.getValue();
                open.add(name);
            }
        }
        String what = (claim.metric() == Claim.Metric.TRANSFERRED_TOTAL ? "received" : "held") + " in " + scopeId;
        String linesSaid = " (lines counted: " + (counted.isEmpty() ? "none" : String.join(", ", counted)) + ")";
        Verdict without = Verdict.judge(claim.qualifier(), claim.value(), matching);
        if (undecided != 0 && Verdict.judge(claim.qualifier(), claim.value(), matching + undecided) != without) {
            return ClaimCheck.of(statementId, index, claim, scope, scopeId, asOf, null,
                    Verdict.UNVERIFIABLE, "ledger: " + matching + " " + kind + what + " by " + asOf + linesSaid + ", and " + undecided
                    + " of no stated " + (claim.nationality() != null ? "cohort or nationality" : "cohort") + " (" + String.join(", ", open)
                    + ") could change the verdict; claimed " + claim.qualifier() + " " + claim.value());
        }
        String why = "ledger: " + matching + " " + kind + what + " by " + asOf + linesSaid
                + (undecided != 0 ? "; " + undecided + " unspecified (" + String.join(", ", open) + ") would not change the verdict" : "")
                + "; claimed " + claim.qualifier() + " " + claim.value() + (claim.qualifier() == Claim.Qualifier.ABOUT ? " (within 10%)" : "");
        return ClaimCheck.of(statementId, index, claim, scope, scopeId, asOf, matching, without, why);
    }

    private static Value transferred(String scope, String id, LedgerFacts facts) {
        switch (scope) {
            case "operation":
                return facts.operationPlanned(id) ? new Value(facts.receivedInOperation(id), "received in operation " + id)
                        : new Value(null, "operation " + id + " is not planned");
            case "facility":
                return facts.facilityRegistered(id) ? new Value(facts.receivedAt(List.of(id)), "received at " + id)
                        : new Value(null, "facility " + id + " is not registered");
            default:
                List<String> inCountry = facts.facilitiesIn(id);
                return inCountry.isEmpty() ? new Value(null, "no facility is registered in " + id)
                        : new Value(facts.receivedAt(inCountry), "received in " + id);
        }
    }

    /** The facilities a facility or country claim is about, registered by the facts' instant; none for an operation. */
    public static List<String> facilitiesOf(Claim claim, LedgerFacts facts) {
        return claim.facilityId() != null ? facilities("facility", claim.facilityId(), facts)
                : claim.country() != null ? facilities("country", claim.country(), facts) : List.of();
    }

    private static List<String> facilities(String scope, String id, LedgerFacts facts) {
        return scope.equals("facility") ? (facts.facilityRegistered(id) ? List.of(id) : List.of()) : facts.facilitiesIn(id);
    }

    private static Value held(String scope, String id, LedgerFacts facts) {
        List<String> ids = facilities(scope, id, facts);
        if (ids.isEmpty()) {
            return new Value(null, scope.equals("facility") ? "facility " + id + " is not registered" : "no facility is registered in " + id);
        }
        long sum = 0;
        for (String facilityId : ids) {
            Optional<Long> population = facts.population(facilityId);
            if (population.isEmpty()) {
                return new Value(null, "facility " + facilityId + " has no census baseline");
            }
            sum += population.get();
        }
        return new Value(sum, "held in " + id);
    }
}
