package org.custodyledger.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A facility's population anomalies over time: after each census or ledger entry (in event-time
 * order, after its registration), a population that goes below zero or above capacity is an
 * anomaly, at the step that took it there. While it stays there, later steps are not: one
 * anomaly per episode, so a missing census does not bury every other anomaly under one per entry.
 */
public final class PopulationCheck {
    /** A census (population set) or a ledger entry (delta) of one facility. */
    public record Step(UUID eventId, Instant occurredAt, String subject, Integer census, int delta) {
    }

    /**
     * Consecutive ledger entries (no census among them) in summary: their net delta, and the lowest
     * and highest sum of their deltas after any one of them, from the first in event-time order.
     */
    public record Span(long delta, long low, long high) {
        /** The summary of these deltas, in event-time order. */
        public static Span of(List<Integer> deltas) {
            long sum = 0;
            long low = Long.MAX_VALUE;
            long high = Long.MIN_VALUE;
            for (int delta : deltas) {
                sum += delta;
                low = Math.min(low, sum);
                high = Math.max(high, sum);
            }
            return new Span(sum, low, high);
        }

        /** This span followed by {@code next}. */
        public Span then(Span next) {
            return new Span(delta + next.delta, Math.min(low, delta + next.low), Math.max(high, delta + next.high));
        }
    }

    private PopulationCheck() {
    }

    /** Whether a span's entries, from this population on, stay on one side of zero and of capacity all through. */
    public static boolean quiet(long population, Integer capacity, Span span) {
        long p = population;
        boolean mayGoBelowZero = p + span.low() < 0 && Math.max(p, p + span.high()) >= 0;
        boolean mayGoAboveCapacity = capacity != null && p + span.high() > capacity && Math.min(p, p + span.low()) <= capacity;
        return !mayGoBelowZero && !mayGoAboveCapacity;
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
            Long before = population;
            if (step.census() != null) {
                population = (long) step.census();
            } else if (population != null) {
                population += step.delta();
            } else {
                return;
            }
            if (population < 0 && !(before != null && before < 0)) {
                anomalies.accept(new Anomaly(Anomaly.Kind.NEGATIVE_POPULATION, step.eventId(), step.occurredAt(), step.subject(),
                        "population of " + facilityId + " goes below zero: " + population));
            }
            if (capacity != null && population > capacity && !(before != null && before > capacity)) {
                anomalies.accept(new Anomaly(Anomaly.Kind.ABOVE_CAPACITY, step.eventId(), step.occurredAt(), step.subject(),
                        "population of " + facilityId + " goes above its capacity of " + capacity + ": " + population));
            }
        }

        /**
         * Whether none of a span's entries can start an anomaly from the population now: it stays on
         * one side of zero and of capacity all through. Then {@link #pass} gives what stepping
         * through them would (nothing, and the population after them), without reading them.
         */
        public boolean quiet(Span span) {
            // Unknown, the population stays unknown until a census, which a span does not contain.
            return population == null || PopulationCheck.quiet(population, capacity, span);
        }

        /** Passes a {@link #quiet} span. */
        public void pass(Span span) {
            if (!quiet(span)) {
                throw new IllegalStateException("a span that may start an anomaly must be stepped through");
            }
            if (population != null) {
                population += span.delta();
            }
        }
    }
}
