package org.custodyledger.projection.derive;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.custodyledger.ledger.LedgerEntry;
import org.custodyledger.projection.derive.Changes;

/**
 * What one unit's facts touched, handed from the fact writer to the derivation: only these are
 * re-derived (or kept pending). Immutable once built.
 *
 * @param populationChanged facilities whose population changed, and between which instants
 * @param operationDays   the UTC days of each operation whose transfers changed
 * @param dayDeltas       what the unit's ledger entries add to each facility's UTC days (facility_day)
 */
public record Touched(Set<String> facilities, Set<String> operations, Set<UUID> retractions, Map<String, PopulationChange> populationChanged,
                      Map<String, Set<LocalDate>> operationDays, Map<String, Map<LocalDate, DaySum>> dayDeltas, boolean statements,
                      int transfersResolved) {
    public static final Instant WHOLE_HISTORY = Instant.MIN;

    /**
     * A facility's population changed at instants from {@code since} to {@code until}
     * ({@code since} {@link #WHOLE_HISTORY} when a registration, or its retraction, moves where the
     * history starts; {@code until} null: up to the end).
     */
    public record PopulationChange(Instant since, Instant until) {
        public boolean wholeHistory() {
            return since.equals(WHOLE_HISTORY);
        }

        public PopulationChange and(PopulationChange other) {
            Instant later = until == null || other.until == null ? null : until.isAfter(other.until) ? until : other.until;
            return new PopulationChange(since.isBefore(other.since) ? since : other.since, later);
        }
    }

    public Touched {
        facilities = Set.copyOf(facilities);
        operations = Set.copyOf(operations);
        retractions = Set.copyOf(retractions);
        populationChanged = Map.copyOf(populationChanged);
        Map<String, Set<LocalDate>> days = new HashMap<>();
        operationDays.forEach((id, d) -> days.put(id, Set.copyOf(d)));
        operationDays = Map.copyOf(days);
        Map<String, Map<LocalDate, DaySum>> deltas = new HashMap<>();
        dayDeltas.forEach((id, d) -> deltas.put(id, Map.copyOf(d)));
        dayDeltas = Map.copyOf(deltas);
    }

    /** What the dashboards are told changed. */
    public Changes changes() {
        return new Changes(facilities, operations, transfersResolved, statements || !retractions.isEmpty());
    }

    /** Collects what a unit's facts touch while they are written; {@link #build()} freezes it. */
    public static final class Builder {
        private final Set<String> facilities = new HashSet<>();
        private final Set<String> operations = new HashSet<>();
        private final Set<UUID> retractions = new HashSet<>();
        private final Map<String, PopulationChange> populationChanged = new HashMap<>();
        private final Map<String, Set<LocalDate>> operationDays = new HashMap<>();
        private final Map<String, Map<LocalDate, List<DaySum.Change>>> dayChanges = new HashMap<>();
        private boolean statements;
        private int transfersResolved;

        public void facility(String facilityId) {
            facilities.add(facilityId);
        }

        public void operation(String operationId) {
            operations.add(operationId);
        }

        public void retraction(UUID retractionId) {
            retractions.add(retractionId);
        }

        public void statements() {
            statements = true;
        }

        public void transfersResolved(int count) {
            transfersResolved += count;
        }

        /** The facility's population changed at this instant ({@link #WHOLE_HISTORY}: where its history starts). */
        public void population(String facilityId, Instant at) {
            populationChanged.merge(facilityId, new PopulationChange(at, at), PopulationChange::and);
        }

        /** A transfer of the operation (if any) started and maybe finished at these instants. */
        public void operationTransfer(String operationId, Instant initiatedAt, Instant finishedAt) {
            if (operationId == null) {
                return;
            }
            operations.add(operationId);
            Set<LocalDate> days = operationDays.computeIfAbsent(operationId, k -> new HashSet<>());
            days.add(LocalDate.ofInstant(initiatedAt, ZoneOffset.UTC));
            if (finishedAt != null) {
                days.add(LocalDate.ofInstant(finishedAt, ZoneOffset.UTC));
            }
        }

        /** An entry written (sign +1) or deleted (-1): its facility's population from its instant on, and its day's sum. */
        public void entry(LedgerEntry entry, int sign) {
            population(entry.facilityId(), entry.at());
            dayChanges.computeIfAbsent(entry.facilityId(), k -> new HashMap<>())
                    .computeIfAbsent(LocalDate.ofInstant(entry.at(), ZoneOffset.UTC), k -> new ArrayList<>())
                    .add(new DaySum.Change(entry.at(), entry.eventId(), entry.delta(), sign));
        }

        public Touched build() {
            Map<String, Map<LocalDate, DaySum>> dayDeltas = new HashMap<>();
            dayChanges.forEach((facilityId, byDay) -> byDay.forEach((day, changes) ->
                    dayDeltas.computeIfAbsent(facilityId, k -> new HashMap<>()).put(day, DaySum.of(changes))));
            return new Touched(facilities, operations, retractions, populationChanged, operationDays, dayDeltas, statements, transfersResolved);
        }
    }
}
