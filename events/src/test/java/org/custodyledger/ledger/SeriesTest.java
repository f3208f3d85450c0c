package org.custodyledger.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.custodyledger.events.Envelope;
import org.junit.jupiter.api.Test;

/** Populations over time on the seed case and the repatriation sample. */
class SeriesTest {
    static Instant t(String s) {
        return Instant.parse(s);
    }

    @Test
    void theOperationsWeeksAddUpToItsTransfersAndAPopulationIsKnownFromTheCensusOn() {
        List<Envelope> log = RepatriationSampleTest.seedAndSample();
        List<Series.Point> weeks = Series.of(log, f -> f.facilityId().equals("iraq-federal-prisons"), t("2026-01-19T00:00:00Z"), t("2026-02-16T00:00:00Z"), Series.Step.WEEK);
        assertThat(weeks).hasSize(4).allMatch(p -> p.population() == null && p.capacity() == null);
        assertThat(weeks.stream().mapToLong(Series.Point::netChange).sum()).isEqualTo(5704);
        List<Series.Point> days = Series.of(log, f -> f.facilityId().equals("iraq-federal-prisons"), t("2026-02-19T00:00:00Z"), t("2026-03-16T00:00:00Z"), Series.Step.DAY);
        assertThat(days).hasSize(25);
        assertThat(days.get(0).population()).as("before the census").isNull();
        assertThat(days.get(1).population()).as("the census of 20 February").isEqualTo(5704);
        // 2 March: 150 to France; 5 March: 200 to Tunisia; 9 March: 250 to Morocco; 12 March: 200 more; 14-15 March: 300 out and back.
        assertThat(days.stream().filter(p -> p.start().equals(t("2026-03-02T00:00:00Z"))).findFirst().orElseThrow())
                .satisfies(p -> assertThat(p.netChange()).isEqualTo(-150)).satisfies(p -> assertThat(p.population()).isEqualTo(5554));
        assertThat(days.get(days.size() - 1).population()).isEqualTo(4904);
        // A country sums its facilities: Tunisia's is unknown (no census), its net change is what arrived.
        List<Series.Point> tunisia = Series.of(log, f -> f.country().equals("TN"), t("2026-03-01T00:00:00Z"), t("2026-03-15T00:00:00Z"), Series.Step.WEEK);
        assertThat(tunisia).extracting(Series.Point::netChange).containsExactly(198L, 0L);
        assertThat(tunisia).allMatch(p -> p.population() == null);
    }

    @Test
    void oneNationalitysPeopleOverTime() {
        List<Envelope> log = RepatriationSampleTest.seedAndSample();
        List<Series.Point> tunisians = Series.of(log, f -> f.facilityId().equals("iraq-federal-prisons"), t("2026-02-16T00:00:00Z"),
                t("2026-03-16T00:00:00Z"), Series.Step.WEEK, "TN");
        // No breakdown by nationality before the census; then 400, 200 after the first repatriation, none after the second.
        assertThat(tunisians).extracting(Series.Point::population).containsExactly(400L, 400L, 200L, 0L);
        assertThat(tunisians).extracting(Series.Point::netChange).containsExactly(0L, 0L, -200L, -200L);
        assertThat(Series.of(log, f -> f.facilityId().equals("iraq-federal-prisons"), t("2026-01-19T00:00:00Z"), t("2026-01-26T00:00:00Z"),
                Series.Step.WEEK, "TN").get(0).population()).as("the seed's transfers state no nationality").isNull();
    }

    @Test
    void aStepsNetChangeIsItsArrivalsLessItsDepartures() {
        List<Envelope> log = RepatriationSampleTest.seedAndSample();
        // The week of 9 March: 250 to Morocco, 200 to Tunisia, 300 to Russia (sent), and those 300 back when it was cancelled.
        Series.Point week = Series.of(log, f -> f.facilityId().equals("iraq-federal-prisons"), t("2026-03-09T00:00:00Z"), t("2026-03-16T00:00:00Z"),
                Series.Step.WEEK).get(0);
        assertThat(List.of(week.arrivals(), week.departures(), week.netChange())).containsExactly(300L, 750L, -450L);
        List<Series.Point> days = Series.of(log, f -> true, t("2026-01-19T00:00:00Z"), t("2026-03-25T00:00:00Z"), Series.Step.DAY);
        assertThat(days).allMatch(p -> p.netChange() == p.arrivals() - p.departures());
        // The Tunisians of the week of 2 March: 200 sent, none in by nationality before the completion's breakdown said 198 arrived.
        Series.Point tunisians = Series.of(log, f -> f.facilityId().equals("iraq-federal-prisons"), t("2026-03-02T00:00:00Z"), t("2026-03-09T00:00:00Z"),
                Series.Step.WEEK, "TN").get(0);
        assertThat(List.of(tunisians.arrivals(), tunisians.departures())).containsExactly(0L, 200L);
    }

    @Test
    void aCustodiansSeriesIsThatOfTheFacilitiesItHolds() {
        List<Envelope> log = RepatriationSampleTest.seedAndSample();
        List<Series.Point> tunisia = Series.of(log, f -> "Government of Tunisia".equals(f.custodian()), t("2026-03-02T00:00:00Z"),
                t("2026-03-16T00:00:00Z"), Series.Step.WEEK);
        assertThat(tunisia).extracting(Series.Point::arrivals).containsExactly(198L, 0L);
        assertThat(Series.of(log, f -> "nobody".equals(f.custodian()), t("2026-03-02T00:00:00Z"), t("2026-03-09T00:00:00Z"), Series.Step.WEEK).get(0))
                .as("a custodian holding nothing").satisfies(p -> assertThat(p.population()).isNull()).satisfies(p -> assertThat(p.netChange()).isZero());
    }

    @Test
    void aFacilityThatChangesCustodianBringsOnlyItsStepsChangeToItsNewCustodian() {
        List<Envelope> log = LogGenerator.generate(11, 2_500); // f-1 passes to custodian-new in the middle of the log
        Instant from = t("2026-01-01T00:00:00Z");
        Instant to = t("2026-07-01T00:00:00Z");
        List<Series.Point> facility = Series.of(log, f -> f.facilityId().equals("f-1"), from, to, Series.Step.WEEK);
        List<Series.Point> custodian = Series.of(log, f -> "custodian-new".equals(f.custodian()), from, to, Series.Step.WEEK);
        Instant change = t("2026-04-01T00:00:00Z");
        int held = 0;
        for (int i = 0; i < facility.size(); i++) {
            Series.Point p = custodian.get(i);
            if (p.end().isAfter(change)) { // held at the week's end: the facility's own week, not its change since registration
                assertThat(p).as("week of " + p.start()).isEqualTo(facility.get(i));
                held += p.arrivals() + p.departures() > 0 ? 1 : 0;
            } else {
                assertThat(List.of(p.netChange(), p.arrivals(), p.departures())).as("week of " + p.start()).containsOnly(0L);
            }
        }
        assertThat(held).as("weeks of custodian-new with people moved").isPositive();
    }

    @Test
    void anOperationsStepsSayWhatItsTransfersDidWithinThem() {
        List<Envelope> log = RepatriationSampleTest.seedAndSample();
        List<Series.OperationPoint> weeks = Series.ofOperation(log, "op-repatriation-2026", t("2026-02-23T00:00:00Z"), t("2026-03-23T00:00:00Z"),
                Series.Step.WEEK);
        assertThat(weeks).extracting(Series.OperationPoint::initiated).containsExactly(0L, 350L, 750L, 0L);
        assertThat(weeks.get(1)).satisfies(w -> assertThat(List.of(w.received(), w.lost(), w.cancelled(), w.inTransit())).containsExactly(348L, 2L, 0L, 0L));
        assertThat(weeks.get(2)).satisfies(w -> assertThat(List.of(w.received(), w.lost(), w.cancelled(), w.inTransit())).containsExactly(250L, 0L, 300L, 200L));
        // Whatever the steps, the operation's figures at the end are the sums of its steps.
        OperationView end = LedgerFold.at(log, t("2026-03-22T23:59:59Z")).operations().get("op-repatriation-2026");
        assertThat(weeks.stream().mapToLong(Series.OperationPoint::received).sum()).isEqualTo(end.received());
        assertThat(Series.ofOperation(log, "op-unknown", t("2026-02-23T00:00:00Z"), t("2026-03-02T00:00:00Z"), Series.Step.WEEK).get(0).initiated()).isZero();
    }

    @Test
    void aWindowHasItsStepsAndABound() {
        assertThat(Series.starts(t("2026-01-01T00:00:00Z"), t("2026-01-03T12:00:00Z"), Series.Step.DAY)).hasSize(3);
        assertThatThrownBy(() -> Series.starts(t("2026-01-02T00:00:00Z"), t("2026-01-01T00:00:00Z"), Series.Step.DAY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Series.starts(t("2000-01-01T00:00:00Z"), t("2026-01-01T00:00:00Z"), Series.Step.DAY))
                .hasMessageContaining("at most " + Series.MAX_STEPS);
    }
}
