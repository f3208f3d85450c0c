package org.custodyledger.ledger;

import java.time.Instant;
import java.util.List;
import org.custodyledger.events.Claim;

/** Finds a claim's ledger value at its asOf and judges it; UNVERIFIABLE says what is missing. */
final class ClaimChecks {
    private ClaimChecks() {
    }

    static ClaimCheck check(String statementId, int index, Claim claim, Instant asOf, LedgerFold.LedgerState state) {
        String scope = claim.operationId() != null ? "operation" : claim.facilityId() != null ? "facility" : "country";
        String scopeId = claim.operationId() != null ? claim.operationId()
                : claim.facilityId() != null ? claim.facilityId() : claim.country();
        Value value = claim.metric() == Claim.Metric.TRANSFERRED_TOTAL
                ? transferred(scope, scopeId, state) : held(scope, scopeId, state);
        if (value.amount == null) {
            return new ClaimCheck(statementId, index, claim.metric(), scope, scopeId, claim.qualifier(), claim.value(),
                    asOf, null, Verdict.UNVERIFIABLE, value.why + " at " + asOf);
        }
        Verdict verdict = Verdict.judge(claim.qualifier(), claim.value(), value.amount);
        String why = "ledger: " + value.amount + " " + value.why + " by " + asOf + "; claimed "
                + claim.qualifier() + " " + claim.value() + (claim.qualifier() == Claim.Qualifier.ABOUT ? " (within 10%)" : "");
        return new ClaimCheck(statementId, index, claim.metric(), scope, scopeId, claim.qualifier(), claim.value(), asOf,
                value.amount, verdict, why);
    }

    private record Value(Long amount, String why) {
    }

    private static Value transferred(String scope, String id, LedgerFold.LedgerState state) {
        var transfers = state.transferViews().values();
        switch (scope) {
            case "operation":
                if (!state.operations.containsKey(id)) {
                    return new Value(null, "operation " + id + " is not planned");
                }
                return new Value(received(transfers.stream().filter(t -> id.equals(t.operationId())).toList()), "received in operation " + id);
            case "facility":
                if (!state.facilities.containsKey(id)) {
                    return new Value(null, "facility " + id + " is not registered");
                }
                return new Value(received(transfers.stream().filter(t -> id.equals(t.toFacilityId())).toList()), "received at " + id);
            default:
                List<String> inCountry = facilitiesIn(id, state);
                if (inCountry.isEmpty()) {
                    return new Value(null, "no facility is registered in " + id);
                }
                return new Value(received(transfers.stream().filter(t -> inCountry.contains(t.toFacilityId())).toList()), "received in " + id);
        }
    }

    private static Value held(String scope, String id, LedgerFold.LedgerState state) {
        List<String> ids = scope.equals("facility") ? (state.facilities.containsKey(id) ? List.of(id) : List.of())
                : facilitiesIn(id, state);
        if (ids.isEmpty()) {
            return new Value(null, scope.equals("facility") ? "facility " + id + " is not registered" : "no facility is registered in " + id);
        }
        long sum = 0;
        for (String facilityId : ids) {
            Long population = state.facilities.get(facilityId).population;
            if (population == null) {
                return new Value(null, "facility " + facilityId + " has no census baseline");
            }
            sum += population;
        }
        return new Value(sum, "held in " + id);
    }

    private static List<String> facilitiesIn(String country, LedgerFold.LedgerState state) {
        return state.facilities.entrySet().stream().filter(e -> country.equals(e.getValue().registered.country()))
                .map(java.util.Map.Entry::getKey).toList();
    }

    private static long received(List<TransferView> transfers) {
        return transfers.stream().filter(t -> TransferView.COMPLETED.equals(t.status()))
                .mapToLong(TransferView::receivedCount).sum();
    }
}
