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
    void aWindowHasItsStepsAndABound() {
        assertThat(Series.starts(t("2026-01-01T00:00:00Z"), t("2026-01-03T12:00:00Z"), Series.Step.DAY)).hasSize(3);
        assertThatThrownBy(() -> Series.starts(t("2026-01-02T00:00:00Z"), t("2026-01-01T00:00:00Z"), Series.Step.DAY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Series.starts(t("2000-01-01T00:00:00Z"), t("2026-01-01T00:00:00Z"), Series.Step.DAY))
                .hasMessageContaining("at most " + Series.MAX_STEPS);
    }
}
