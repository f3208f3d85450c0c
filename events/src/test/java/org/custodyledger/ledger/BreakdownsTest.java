package org.custodyledger.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.custodyledger.events.CensusRecorded;
import org.custodyledger.events.Claim;
import org.custodyledger.events.Cohort;
import org.custodyledger.events.CustodyEvent;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.FacilityRegistered;
import org.custodyledger.events.OperationPlanned;
import org.custodyledger.events.StatementRecorded;
import org.custodyledger.events.TransferCancelled;
import org.custodyledger.events.TransferCompleted;
import org.custodyledger.events.TransferInitiated;
import org.junit.jupiter.api.Test;

/** SPEC "Breakdowns, flows and cohort claims" on a story worked out by hand, and its invariants on generated logs. */
class BreakdownsTest {
    static final Instant END = Instant.parse("2030-01-01T00:00:00Z");
    private final List<Envelope> log = new ArrayList<>();
    private int sequence;

    void at(String time, CustodyEvent data) {
        log.add(new Envelope(new UUID(0, ++sequence), Instant.parse(time), Instant.EPOCH, "test", 3, data));
    }

    static Cohort line(String cohort, String nationality, int count) {
        return new Cohort(cohort, nationality, count);
    }

    /** Foreign nationals moved from Syria into Iraqi prisons, then some repatriated, every kind of breakdown along the way. */
    void story() {
        at("2026-01-01T00:00:00Z", new FacilityRegistered("syria", "NE Syria", "SY", "SDF", null));
        at("2026-01-01T00:00:00Z", new FacilityRegistered("iraq", "Iraqi prisons", "IQ", "Government of Iraq", null));
        at("2026-01-01T00:00:00Z", new FacilityRegistered("france", "French custody", "FR", "Government of France", null));
        at("2026-01-01T00:00:00Z", new FacilityRegistered("tunisia", "Tunisian custody", "TN", "Government of Tunisia", null));
        at("2026-01-01T00:00:00Z", new OperationPlanned("op-a", "Transfer", "CENTCOM", null, "SY", "IQ"));
        at("2026-01-02T00:00:00Z", new CensusRecorded("iraq", 1070, List.of(line("adult", "IQ", 1000), line("adult", "FR", 50), line("minor", "IQ", 20))));
        // Broken down at both ends, 10 Tunisians lost.
        at("2026-01-03T00:00:00Z", new TransferInitiated("T1", "op-a", "syria", "iraq", 300, List.of(line("adult", "FR", 100), line("adult", "TN", 200))));
        at("2026-01-04T00:00:00Z", new TransferCompleted("T1", 290, List.of(line("adult", "FR", 100), line("adult", "TN", 190))));
        // No breakdown: unspecified.
        at("2026-01-03T00:00:00Z", new TransferInitiated("T2", "op-a", "syria", "iraq", 50, null));
        at("2026-01-04T00:00:00Z", new TransferCompleted("T2", null));
        // Broken down when sent, short on arrival without saying who: those received and those lost are unspecified.
        at("2026-01-03T00:00:00Z", new TransferInitiated("T6", "op-a", "syria", "iraq", 10, List.of(line("adult", "FR", 10))));
        at("2026-01-04T00:00:00Z", new TransferCompleted("T6", 8));
        // A received breakdown that does not fit what was sent: an anomaly, and read as if it had none.
        at("2026-01-03T00:00:00Z", new TransferInitiated("T7", "op-a", "syria", "iraq", 5, List.of(line("adult", "TN", 5))));
        at("2026-01-04T00:00:00Z", new TransferCompleted("T7", null, List.of(line("adult", "FR", 5))));
        // Repatriations: to France completed, to Tunisia cancelled, and one on its way.
        at("2026-02-01T00:00:00Z", new TransferInitiated("T3", null, "iraq", "france", 120, List.of(line("adult", "FR", 120))));
        at("2026-02-02T00:00:00Z", new TransferCompleted("T3", null));
        at("2026-02-01T00:00:00Z", new TransferInitiated("T4", null, "iraq", "tunisia", 30, List.of(line("adult", "TN", 30))));
        at("2026-02-02T00:00:00Z", new TransferCancelled("T4", "flight cancelled"));
        at("2026-02-03T00:00:00Z", new TransferInitiated("T5", null, "iraq", "tunisia", 40, List.of(line("adult", "TN", 40))));
    }

    static Map<String, Long> population(Breakdowns.Breakdown b) {
        return b.lines().stream().collect(Collectors.toMap(l -> l.cohort() + (l.nationality() == null ? "" : "/" + l.nationality()),
                l -> l.population() == null ? -1 : l.population(), (a, c) -> a, java.util.TreeMap::new));
    }

    @Test
    void censusesSetTheBaselineAndTransfersMoveTheirLines() {
        story();
        LedgerSnapshot now = LedgerFold.at(log, END);
        Breakdowns.Breakdown iraq = now.breakdowns().facilities().get("iraq");
        assertThat(iraq.known()).isTrue();
        assertThat(population(iraq)).isEqualTo(Map.of("adult/FR", 30L, "adult/IQ", 1000L, "adult/TN", 155L, "minor/IQ", 20L, "unspecified", 58L));
        assertThat(iraq.lines().stream().mapToLong(Breakdowns.LineView::population).sum()).isEqualTo(now.facilities().get("iraq").population()).isEqualTo(1263);
        // No census: lines' net changes, populations unknown.
        Breakdowns.Breakdown syria = now.breakdowns().facilities().get("syria");
        assertThat(syria.known()).isFalse();
        assertThat(syria.lines()).allMatch(l -> l.population() == null);
        assertThat(syria.lines()).extracting(Breakdowns.LineView::netChange).containsExactly(-110L, -205L, -50L);
        assertThat(now.breakdowns().facilities().get("france").lines()).extracting(Breakdowns.LineView::nationality, Breakdowns.LineView::netChange)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("FR", 120L));
        assertThat(now.anomalies()).extracting(Anomaly::kind).contains(Anomaly.Kind.BREAKDOWN_MISMATCH);
        // In transit to Tunisia, held by Iraq's custodian; by country, Iraq's lines as its one facility's.
        Breakdowns.Breakdown custodian = now.breakdowns().byCustodian().get("Government of Iraq");
        assertThat(custodian.lines()).filteredOn(l -> "TN".equals(l.nationality())).singleElement()
                .satisfies(l -> assertThat(l.inTransit()).isEqualTo(40));
        assertThat(population(now.breakdowns().byCountry().get("IQ"))).isEqualTo(population(iraq));
        // Before the repatriations: the French still in Iraq.
        LedgerSnapshot january = LedgerFold.at(log, Instant.parse("2026-01-31T00:00:00Z"));
        assertThat(population(january.breakdowns().facilities().get("iraq"))).containsEntry("adult/FR", 150L).containsEntry("adult/TN", 195L);
    }

    @Test
    void anOperationsFiguresByLineAddUpToItsTotals() {
        story();
        LedgerSnapshot now = LedgerFold.at(log, END);
        List<Breakdowns.OperationLine> lines = now.breakdowns().operations().get("op-a");
        assertThat(lines).containsExactly(
                new Breakdowns.OperationLine("adult", "FR", 110, 100, 0, 0, 0),
                new Breakdowns.OperationLine("adult", "TN", 205, 195, 0, 0, 10),
                new Breakdowns.OperationLine("unspecified", null, 50, 58, 0, 0, 2));
        OperationView op = now.operations().get("op-a");
        assertThat(lines.stream().mapToLong(Breakdowns.OperationLine::received).sum()).isEqualTo(op.received()).isEqualTo(353);
        assertThat(lines.stream().mapToLong(Breakdowns.OperationLine::lost).sum()).isEqualTo(op.lost()).isEqualTo(12);
        // While T1 is on its way, its lines are in transit.
        List<Breakdowns.OperationLine> then = LedgerFold.at(log, Instant.parse("2026-01-03T12:00:00Z")).breakdowns().operations().get("op-a");
        assertThat(then).filteredOn(l -> "TN".equals(l.nationality())).singleElement()
                .satisfies(l -> assertThat(l.inTransit()).isEqualTo(205));
    }

    @Test
    void aClaimAboutACohortOrNationalityCountsItsLinesAndIsUnverifiableWhereTheUnspecifiedCouldTurnIt() {
        story();
        at("2026-03-01T00:00:00Z", new StatementRecorded("S-1", "A", null, "B", null, null, null, null, List.of(
                new Claim(Claim.Metric.HELD, null, null, "IQ", Claim.Qualifier.AT_LEAST, 30, null, null, "FR"),
                new Claim(Claim.Metric.HELD, null, null, "IQ", Claim.Qualifier.EXACT, 30, null, null, "FR"),
                new Claim(Claim.Metric.TRANSFERRED_TOTAL, null, "france", null, Claim.Qualifier.EXACT, 120, null, null, "FR"),
                new Claim(Claim.Metric.TRANSFERRED_TOTAL, "op-a", null, null, Claim.Qualifier.MORE_THAN, 290, null, "adult", null),
                new Claim(Claim.Metric.TRANSFERRED_TOTAL, "op-a", null, null, Claim.Qualifier.AT_MOST, 10, null, "minor", null),
                new Claim(Claim.Metric.HELD, null, "syria", null, Claim.Qualifier.ABOUT, 100, null, "adult", null),
                new Claim(Claim.Metric.TRANSFERRED_TOTAL, "op-a", null, null, Claim.Qualifier.MORE_THAN, 400, null, "adult", null))));
        List<ClaimCheck> checks = LedgerFold.at(log, END).statements().get(0).checks();
        assertThat(checks).extracting(ClaimCheck::verdict).containsExactly(Verdict.CONSISTENT, Verdict.UNVERIFIABLE, Verdict.CONSISTENT,
                Verdict.CONSISTENT, Verdict.UNVERIFIABLE, Verdict.UNVERIFIABLE, Verdict.INCONSISTENT);
        assertThat(checks).extracting(ClaimCheck::ledgerValue).containsExactly(30L, null, 120L, 295L, null, null, 295L);
        assertThat(checks.get(0).nationality()).isEqualTo("FR");
        assertThat(checks.get(0).why()).contains("lines counted: adult/FR 30", "58 unspecified", "would not change the verdict");
        assertThat(checks.get(1).why()).contains("ledger: 30 of nationality FR held in IQ", "and 58 of no stated", "could change the verdict");
        assertThat(checks.get(4).why()).contains("ledger: 0 minor received in op-a", "lines counted: none", "58 of no stated cohort");
        assertThat(checks.get(5).why()).contains("facility syria has no census baseline");
        // 295 adults, and even the 58 unspecified cannot make 400.
        assertThat(checks.get(6).why()).contains("58 unspecified").contains("would not change the verdict");
    }

    @Test
    void onGeneratedLogsTheLinesAddUpToTheTotalsAtEveryInstant() {
        List<Envelope> generated = LogGenerator.generate(7, 3_000);
        assertThat(generated.stream().filter(e -> e.data() instanceof TransferCompleted c && c.breakdown() != null)).isNotEmpty();
        for (String instant : List.of("2026-02-01T00:00:00Z", "2026-04-15T12:00:00Z", "2030-01-01T00:00:00Z")) {
            LedgerSnapshot s = LedgerFold.at(generated, Instant.parse(instant));
            s.facilities().forEach((id, f) -> {
                Breakdowns.Breakdown b = s.breakdowns().facilities().get(id);
                assertThat(b.lines().stream().mapToLong(Breakdowns.LineView::netChange).sum()).as(id).isEqualTo(f.netChange());
                if (b.known()) {
                    assertThat(b.lines().stream().mapToLong(Breakdowns.LineView::population).sum()).as(id).isEqualTo(f.population());
                }
            });
            s.operations().forEach((id, o) -> {
                List<Breakdowns.OperationLine> lines = s.breakdowns().operations().get(id);
                assertThat(lines.stream().mapToLong(Breakdowns.OperationLine::initiated).sum()).as(id).isEqualTo(o.initiated());
                assertThat(lines.stream().mapToLong(Breakdowns.OperationLine::received).sum()).as(id).isEqualTo(o.received());
                assertThat(lines.stream().mapToLong(Breakdowns.OperationLine::inTransit).sum()).as(id).isEqualTo(o.inTransit());
                assertThat(lines.stream().mapToLong(Breakdowns.OperationLine::cancelled).sum()).as(id).isEqualTo(o.cancelled());
                assertThat(lines.stream().mapToLong(Breakdowns.OperationLine::lost).sum()).as(id).isEqualTo(o.lost());
            });
            s.byCustodian().forEach((k, total) -> assertThat(s.breakdowns().byCustodian().get(k).lines().stream()
                    .mapToLong(Breakdowns.LineView::inTransit).sum()).as(k).isEqualTo(total.inTransit()));
        }
    }
}
