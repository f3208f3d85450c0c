package org.custodyledger.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Population anomalies start episodes; a quiet span can be passed without stepping through it. */
class PopulationCheckTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static PopulationCheck.Step entry(int i, int delta) {
        return new PopulationCheck.Step(new UUID(0, i), START.plusSeconds(i), "transfer/T" + i, null, delta);
    }

    private static PopulationCheck.Step census(int i, int population) {
        return new PopulationCheck.Step(new UUID(0, i), START.plusSeconds(i), "facility/a", population, 0);
    }

    @Test
    void aPopulationBelowZeroIsOneAnomalyAtTheEntryThatTookItThereAndAnotherEachTimeItGoesBackBelow() {
        List<Anomaly> found = PopulationCheck.anomalies("a", null, List.of(census(0, 5), entry(1, -10), entry(2, -3), entry(3, -1),
                entry(4, 20), entry(5, -30), entry(6, -1)));
        assertThat(found).extracting(Anomaly::kind).containsOnly(Anomaly.Kind.NEGATIVE_POPULATION);
        assertThat(found).extracting(Anomaly::subject).containsExactly("transfer/T1", "transfer/T5");
        assertThat(found).extracting(Anomaly::detail).containsExactly("population of a goes below zero: -5", "population of a goes below zero: -19");
    }

    @Test
    void aCensusAboveCapacityStartsAnEpisodeUnlessThePopulationWasAboveAlready() {
        List<Anomaly> found = PopulationCheck.anomalies("a", 100, List.of(census(0, 120), entry(1, 5), census(2, 130), entry(3, -40),
                census(4, 101)));
        assertThat(found).extracting(Anomaly::kind).containsOnly(Anomaly.Kind.ABOVE_CAPACITY);
        assertThat(found).extracting(Anomaly::eventId).containsExactly(new UUID(0, 0), new UUID(0, 4));
        assertThat(found.get(0).detail()).isEqualTo("population of a goes above its capacity of 100: 120");
    }

    @Test
    void withoutACensusNothingIsKnownAndNothingIsAnAnomaly() {
        assertThat(PopulationCheck.anomalies("a", 10, List.of(entry(1, -10), entry(2, 50)))).isEmpty();
    }

    @Test
    void aSpanOfEntriesIsTheSameSummaryWholeOrInParts() {
        Random random = new Random(7);
        for (int n = 0; n < 1_000; n++) {
            List<Integer> deltas = new ArrayList<>();
            for (int i = 1 + random.nextInt(20); i > 0; i--) {
                deltas.add(random.nextInt(41) - 20);
            }
            int cut = 1 + random.nextInt(deltas.size());
            if (cut < deltas.size()) {
                assertThat(PopulationCheck.Span.of(deltas.subList(0, cut)).then(PopulationCheck.Span.of(deltas.subList(cut, deltas.size()))))
                        .isEqualTo(PopulationCheck.Span.of(deltas));
            }
        }
    }

    /**
     * Histories of days of entries around zero and capacity: passing the days that are quiet and
     * stepping through the others finds exactly what stepping through every entry finds.
     */
    @Test
    void passingQuietSpansFindsWhatSteppingThroughEveryEntryFinds() {
        Random random = new Random(11);
        int passed = 0;
        int stepped = 0;
        for (int history = 0; history < 2_000; history++) {
            Integer capacity = random.nextBoolean() ? 50 + random.nextInt(50) : null;
            long start = random.nextInt(3) == 0 ? -random.nextInt(60) : random.nextInt(150);
            List<List<PopulationCheck.Step>> days = new ArrayList<>();
            int i = 0;
            for (int d = random.nextInt(12); d > 0; d--) {
                List<PopulationCheck.Step> day = new ArrayList<>();
                int spread = random.nextBoolean() ? 3 : 30;
                for (int e = random.nextInt(8); e > 0; e--) {
                    day.add(entry(i++, random.nextInt(2 * spread + 1) - spread));
                }
                days.add(day);
            }
            List<Anomaly> everyEntry = new ArrayList<>();
            PopulationCheck.Walk full = new PopulationCheck.Walk("a", capacity, start);
            days.forEach(day -> day.forEach(step -> full.step(step, everyEntry::add)));
            List<Anomaly> quietPassed = new ArrayList<>();
            PopulationCheck.Walk walk = new PopulationCheck.Walk("a", capacity, start);
            for (List<PopulationCheck.Step> day : days) {
                if (day.isEmpty()) {
                    continue;
                }
                PopulationCheck.Span span = PopulationCheck.Span.of(day.stream().map(PopulationCheck.Step::delta).toList());
                if (walk.quiet(span)) {
                    walk.pass(span);
                    passed++;
                } else {
                    day.forEach(step -> walk.step(step, quietPassed::add));
                    stepped++;
                }
            }
            assertThat(quietPassed).isEqualTo(everyEntry);
            assertThat(walk.population()).isEqualTo(full.population());
        }
        assertThat(passed).as("spans passed").isGreaterThan(1_000);
        assertThat(stepped).as("spans stepped through").isGreaterThan(1_000);
    }
}
