package org.custodyledger.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.events.Claim;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.StatementRecorded;
import org.junit.jupiter.api.Test;

/** A claim's evidence adds up to its ledger value, on the seed case and on generated logs. */
class ClaimEvidenceTest {
    static void assertEvidenceAddsUp(List<Envelope> log, Instant at) {
        int decided = 0;
        for (StatementView s : LedgerFold.at(log, at).statements()) {
            for (ClaimCheck check : s.checks()) {
                Claim claim = s.statement().claims().get(check.claimIndex());
                List<ClaimEvidence.Item> items = ClaimEvidence.of(log, claim, check.asOf());
                assertThat(items).as("in order").isSortedAccordingTo(ClaimEvidence.ORDER);
                if (check.ledgerValue() != null) {
                    decided++;
                    assertThat(items.stream().mapToLong(ClaimEvidence.Item::count).sum())
                            .as(s.statement().statementId() + " claim " + check.claimIndex() + ": " + check.why()).isEqualTo(check.ledgerValue());
                }
            }
        }
        assertThat(decided).isPositive();
    }

    @Test
    void theCentcomFigureIsTheOperationsTwentyThreeCompletions() {
        List<Envelope> seed = LedgerFoldTest.seed();
        StatementRecorded centcom = seed.stream().filter(e -> e.data() instanceof StatementRecorded s && s.statementId().equals("S-centcom"))
                .map(e -> (StatementRecorded) e.data()).findFirst().orElseThrow();
        Envelope made = seed.stream().filter(e -> e.data() == centcom).findFirst().orElseThrow();
        Claim claim = centcom.claims().get(0);
        List<ClaimEvidence.Item> items = ClaimEvidence.of(seed, claim, ClaimChecks.asOf(claim, made.occurredAt()));
        assertThat(items).hasSize(23).allMatch(i -> i.kind().equals("RECEIVED") && i.facilityId().equals("iraq-federal-prisons"));
        assertThat(items.stream().mapToLong(ClaimEvidence.Item::count).sum()).isEqualTo(5704);
        assertThat(items.get(0).transferId()).isEqualTo("T-001");
        assertEvidenceAddsUp(seed, LedgerFoldTest.END);
    }

    @Test
    void heldClaimsSumTheLatestCensusAndTheEntriesAfterIt() {
        List<Envelope> log = RepatriationSampleTest.seedAndSample();
        assertEvidenceAddsUp(log, LedgerFoldTest.END);
        Claim tunisians = new Claim(Claim.Metric.HELD, null, null, "IQ", Claim.Qualifier.ABOUT, 200, null, null, "TN");
        List<ClaimEvidence.Item> items = ClaimEvidence.of(log, tunisians, Instant.parse("2026-03-20T12:00:00Z"));
        // The census's 400, the Tunisian transfers out (-200, -200), and no contribution from the others.
        assertThat(items).extracting(ClaimEvidence.Item::kind, ClaimEvidence.Item::count).startsWith(org.assertj.core.groups.Tuple.tuple("CENSUS", 400L))
                .contains(org.assertj.core.groups.Tuple.tuple("ENTRY", -200L));
        assertThat(items.stream().mapToLong(ClaimEvidence.Item::count).sum()).isZero();
    }

    @Test
    void onGeneratedLogsEveryDecidedClaimsEvidenceAddsUpToItsValue() {
        for (long seed = 1; seed <= 2; seed++) {
            assertEvidenceAddsUp(new ArrayList<>(LogGenerator.generate(seed, 2_000)), LedgerFoldTest.END);
        }
    }
}
