package org.custodyledger.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A facility's population anomalies over time: after each census or ledger entry (in event-time
 * order, after its registration), a population below zero or above capacity is an anomaly.
 */
public final class PopulationCheck {
    /** A census (population set) or a ledger entry (delta) of one facility. */
    public record Step(UUID eventId, Instant occurredAt, String subject, Integer census, int delta) {
    }

    private PopulationCheck() {
    }

    public static List<Anomaly> anomalies(String facilityId, Integer capacity, List<Step> steps) {
        List<Step> ordered = steps.stream().sorted(Comparator.comparing(Step::occurredAt)
                .thenComparing(Step::eventId, EventOrder.EVENT_ID)).toList();
        List<Anomaly> anomalies = new ArrayList<>();
        Walk walk = new Walk(facilityId, capacity, null);
        for (Step step : ordered) {
            walk.step(step, anomalies::add);
        }
        return anomalies;
    }

    /** The same check one step at a time, for a history too long to hold in memory: steps must come in event-time order. */
    public static final class Walk {
        private final String facilityId;
        private final Integer capacity;
        private Long population;

        /** @param population the population before the first step, or null if none is known yet */
        public Walk(String facilityId, Integer capacity, Long population) {
            this.facilityId = facilityId;
            this.capacity = capacity;
            this.population = population;
        }

        /** The population after the last step; null while no census has set it. */
        public Long population() {
            return population;
        }

        public void step(Step step, Consumer<Anomaly> anomalies) {
            if (step.census() != null) {
                population = (long) step.census();
            } else if (population != null) {
                population += step.delta();
            } else {
                return;
            }
            if (population < 0) {
                anomalies.accept(new Anomaly(Anomaly.Kind.NEGATIVE_POPULATION, step.eventId(), step.occurredAt(), step.subject(),
                        "population of " + facilityId + " would be " + population));
            }
            if (capacity != null && population > capacity) {
                anomalies.accept(new Anomaly(Anomaly.Kind.ABOVE_CAPACITY, step.eventId(), step.occurredAt(), step.subject(),
                        "population of " + facilityId + " is " + population + ", capacity " + capacity));
            }
        }
    }
}
