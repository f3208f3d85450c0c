package org.custodyledger.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

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
                .thenComparing(s -> s.eventId().toString())).toList();
        List<Anomaly> anomalies = new ArrayList<>();
        Long population = null;
        for (Step step : ordered) {
            if (step.census() != null) {
                population = (long) step.census();
            } else if (population != null) {
                population += step.delta();
            } else {
                continue;
            }
            if (population < 0) {
                anomalies.add(new Anomaly(Anomaly.Kind.NEGATIVE_POPULATION, step.eventId(), step.occurredAt(), step.subject(),
                        "population of " + facilityId + " would be " + population));
            }
            if (capacity != null && population > capacity) {
                anomalies.add(new Anomaly(Anomaly.Kind.ABOVE_CAPACITY, step.eventId(), step.occurredAt(), step.subject(),
                        "population of " + facilityId + " is " + population + ", capacity " + capacity));
            }
        }
        return anomalies;
    }
}
