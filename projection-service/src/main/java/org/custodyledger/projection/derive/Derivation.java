package org.custodyledger.projection.derive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.custodyledger.ledger.Anomaly;
import org.custodyledger.projection.Sql;
import org.custodyledger.projection.query.DailySums;
import org.custodyledger.projection.query.LedgerQueries;
import org.custodyledger.projection.query.ReadModels;

/**
 * What depends on a facility's or an operation's history beyond one unit, re-derived for what the
 * unit {@link Touched touched}: daily sums, population and reference anomalies, current views. While
 * the projection catches up with a long log this is {@link #defer deferred} instead: remembered in
 * {@code pending_derivation}, in the unit's transaction, and derived once for many units.
 */
public final class Derivation {
    private final Connection c;
    private final DerivedAnomalies anomalies;
    private final PopulationAnomalies population;

    public Derivation(Connection c, int historyPage) {
        this.c = c;
        this.anomalies = new DerivedAnomalies(c);
        this.population = new PopulationAnomalies(c, anomalies, historyPage);
    }

    /** Re-derives what the unit and every earlier deferred unit touched; returns all of it, for the change notices. */
    public Changes derive(Touched unit) throws SQLException {
        Set<String> facilities = new HashSet<>(unit.facilities());
        Set<String> operations = new HashSet<>(unit.operations());
        Set<UUID> retractions = new HashSet<>(unit.retractions());
        Map<String, Instant> populationSince = new HashMap<>(unit.populationSince());
        ChangedDays operationDays = ChangedDays.of(unit.operationDays());
        ChangedDays deferredFacilityDays = new ChangedDays();
        boolean statements = unit.statements();
        record Pending(String kind, String id, Instant since) {
        }
        for (Pending row : Sql.list(c, "DELETE FROM pending_derivation RETURNING kind, id, since",
                r -> new Pending(r.getString(1), r.getString(2), Sql.instant(r, "since")))) {
            String id = row.id();
            switch (PendingKind.of(row.kind())) {
                case FACILITY -> facilities.add(id);
                case POPULATION -> populationSince.merge(id, row.since() == null ? Touched.WHOLE_HISTORY : row.since(),
                        (a, b) -> a.isBefore(b) ? a : b);
                case OPERATION -> operations.add(id);
                case OPERATION_DAYS -> operationDays.addPending(id);
                case FACILITY_DAYS -> deferredFacilityDays.addPending(id);
                case RETRACTION -> retractions.add(UUID.fromString(id));
                case STATEMENTS -> statements = true;
            }
        }
        operations.addAll(operationDays.ids());
        // Before anything sums a facility's entries (its population check and view, claims).
        updateFacilityDays(unit.dayDeltas(), deferredFacilityDays);
        facilities.addAll(populationSince.keySet());
        for (String facilityId : facilities) {
            refreshFacility(facilityId, populationSince.get(facilityId));
        }
        for (String operationId : operations) {
            refreshOperation(operationId, operationDays.of(operationId));
        }
        refreshRetractions(retractions);
        anomalies.flush();
        return new Changes(facilities, operations, unit.transfersResolved(), statements || !retractions.isEmpty());
    }

    /** Remembers what needs deriving, in the unit's transaction, so a crash before deriving loses nothing. */
    public Changes defer(Touched unit) throws SQLException {
        ChangedDays operationDays = ChangedDays.of(unit.operationDays());
        ChangedDays facilityDays = new ChangedDays();
        unit.dayDeltas().forEach((facilityId, byDay) -> byDay.keySet().forEach(day -> facilityDays.add(facilityId, day)));
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO pending_derivation VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            pending(insert, PendingKind.FACILITY, unit.facilities());
            pending(insert, PendingKind.OPERATION, unit.operations());
            pending(insert, PendingKind.RETRACTION, unit.retractions().stream().map(UUID::toString).toList());
            pending(insert, PendingKind.STATEMENTS, unit.statements() ? List.of("") : List.of());
            pending(insert, PendingKind.OPERATION_DAYS, operationDays.pendingIds());
            pending(insert, PendingKind.FACILITY_DAYS, facilityDays.pendingIds());
            insert.executeBatch();
        }
        // The earliest instant wins; NULL (the whole history) wins over any instant.
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO pending_derivation VALUES ('" + PendingKind.POPULATION.stored + "', ?, ?) "
                + "ON CONFLICT (kind, id) DO UPDATE SET since = CASE WHEN pending_derivation.since IS NULL OR excluded.since IS NULL "
                + "THEN NULL ELSE LEAST(pending_derivation.since, excluded.since) END")) {
            for (var change : unit.populationSince().entrySet()) {
                insert.setString(1, change.getKey());
                insert.setTimestamp(2, change.getValue().equals(Touched.WHOLE_HISTORY) ? null : java.sql.Timestamp.from(change.getValue()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return unit.changes();
    }

    private static void pending(PreparedStatement insert, PendingKind kind, java.util.Collection<String> ids) throws SQLException {
        for (String id : ids) {
            insert.setString(1, kind.stored);
            insert.setString(2, id);
            insert.addBatch();
        }
    }

    /**
     * Brings facility_day up to date: days that deferred units changed are rebuilt from the entries
     * (which include this unit's); this unit's other days get its entries' net deltas, so a live
     * unit costs what it changed, even when it is spread over many days (a back-dated batch).
     */
    private void updateFacilityDays(Map<String, Map<LocalDate, DaySum>> dayDeltas, ChangedDays deferred) throws SQLException {
        for (String facilityId : deferred.ids()) {
            DailySums.rebuildFacilityDays(c, facilityId, deferred.of(facilityId));
        }
        List<String> ids = new ArrayList<>();
        List<String> days = new ArrayList<>();
        List<String> deltas = new ArrayList<>();
        List<String> arrivals = new ArrayList<>();
        List<String> departures = new ArrayList<>();
        dayDeltas.forEach((facilityId, byDay) -> {
            Set<LocalDate> rebuilt = deferred.of(facilityId); // null: all of them
            byDay.forEach((day, delta) -> {
                if (rebuilt != null && !rebuilt.contains(day)) {
                    ids.add(facilityId);
                    days.add(day.toString());
                    deltas.add(Long.toString(delta.delta()));
                    arrivals.add(Long.toString(delta.arrivals()));
                    departures.add(Long.toString(delta.departures()));
                }
            });
        });
        if (!ids.isEmpty()) {
            Sql.update(c, "INSERT INTO facility_day SELECT * FROM unnest(?::text[], ?::text[]::date[], ?::text[]::bigint[], ?::text[]::bigint[], "
                    + "?::text[]::bigint[]) ON CONFLICT (facility_id, day) DO UPDATE SET delta = facility_day.delta + excluded.delta, "
                    + "arrivals = facility_day.arrivals + excluded.arrivals, departures = facility_day.departures + excluded.departures",
                    ids, days, deltas, arrivals, departures);
        }
    }

    /** An operation's reference anomalies, daily sums and current view. */
    private void refreshOperation(String operationId, Set<LocalDate> changedDays) throws SQLException {
        String owner = "operation/" + operationId;
        Sql.update(c, "DELETE FROM derived_anomaly WHERE owner = ?", owner);
        Sql.update(c, "DELETE FROM operation_current WHERE operation_id = ?", operationId);
        anomalies.add(owner, Sql.list(c, "SELECT event_id, occurred_at FROM (SELECT x.*, row_number() OVER (ORDER BY occurred_at, event_id) AS n "
                + "FROM operation_plan x WHERE operation_id = ? AND" + Sql.notRetracted("x") + ") d WHERE n > 1",
                r -> Anomaly.operationAlreadyPlanned(eventId(r), at(r), operationId), operationId));
        Optional<Sql.EventRef> plan = Sql.list(c, "SELECT occurred_at, event_id FROM operation_plan x WHERE operation_id = ? AND"
                + Sql.notRetracted("x") + " ORDER BY occurred_at, event_id LIMIT 1", Sql.EventRef::of, operationId).stream().findFirst();
        anomalies.add(owner, Sql.list(c, "SELECT initiated_event_id, initiated_at, transfer_id FROM transfer WHERE operation_id = ?"
                + startedBefore(plan), r -> Anomaly.unknownOperation(eventId(r), at(r), "transfer/" + r.getString(3), operationId),
                withBound(operationId, plan)));
        // Before the view, which sums them.
        DailySums.rebuildOperationDays(c, operationId, changedDays);
        var view = new LedgerQueries(c, ReadModels.CURRENT).operation(operationId);
        if (view.isPresent()) {
            Sql.update(c, "INSERT INTO operation_current (operation_id, view) VALUES (?, ?::jsonb)", operationId, ReadModels.json(view.get()));
        }
    }

    /**
     * A facility's reference anomalies, its population anomalies from {@code populationSince} (none
     * to re-check when null), and its current figures.
     */
    private void refreshFacility(String facilityId, Instant populationSince) throws SQLException {
        String owner = "facility/" + facilityId;
        Sql.update(c, "DELETE FROM derived_anomaly WHERE owner = ?", owner);
        Sql.update(c, "DELETE FROM facility_current WHERE facility_id = ?", facilityId);
        String registeredBefore = " NOT EXISTS (SELECT 1 FROM facility_registration f WHERE f.facility_id = ? "
                + "AND (f.occurred_at, f.event_id) < (%s) AND" + Sql.notRetracted("f") + ")";
        anomalies.add(owner, Sql.list(c, "SELECT event_id, occurred_at FROM (SELECT x.*, row_number() OVER (ORDER BY occurred_at, event_id) AS n "
                + "FROM facility_registration x WHERE facility_id = ? AND" + Sql.notRetracted("x") + ") d WHERE n > 1",
                r -> Anomaly.facilityAlreadyRegistered(eventId(r), at(r), facilityId), facilityId));
        for (String table : List.of("custodian_change", "facility_location", "census")) {
            anomalies.add(owner, Sql.list(c, "SELECT event_id, occurred_at FROM " + table + " x WHERE facility_id = ? AND"
                    + Sql.notRetracted("x") + " AND" + registeredBefore.formatted("x.occurred_at, x.event_id"),
                    r -> Anomaly.unknownFacility(eventId(r), at(r), owner, facilityId), facilityId, facilityId));
        }
        LedgerQueries queries = new LedgerQueries(c, ReadModels.CURRENT);
        var registration = queries.registration(facilityId);
        Optional<Sql.EventRef> first = registration.map(r -> new Sql.EventRef(r.occurredAt(), r.eventId()));
        for (String column : List.of("from_facility_id", "to_facility_id")) {
            anomalies.add(owner, Sql.list(c, "SELECT initiated_event_id, initiated_at, transfer_id FROM transfer WHERE " + column + " = ?"
                    + startedBefore(first), r -> Anomaly.unknownFacility(eventId(r), at(r), "transfer/" + r.getString(3), facilityId),
                    withBound(facilityId, first)));
        }
        if (registration.isEmpty()) {
            Sql.update(c, "DELETE FROM derived_anomaly WHERE owner = ?", "population/" + facilityId); // no history to check
            return;
        }
        if (populationSince != null) {
            population.check(facilityId, registration.get(), populationSince);
        }
        var view = queries.facilities(List.of(facilityId));
        if (!view.isEmpty()) {
            Sql.update(c, "INSERT INTO facility_current (facility_id, view) VALUES (?, ?::jsonb)", facilityId, ReadModels.json(view.get(0)));
        }
    }

    /**
     * Transfers initiated before the first (unretracted) plan or registration: an index range on
     * the transfers of that operation or facility, not a scan of all of them; with none, all are.
     */
    private static String startedBefore(Optional<Sql.EventRef> first) {
        return first.isEmpty() ? "" : " AND initiated_at <= ? AND (initiated_at, initiated_event_id) < (?, ?)";
    }

    private static Object[] withBound(String id, Optional<Sql.EventRef> first) {
        return first.map(f -> new Object[] {id, f.at(), f.at(), f.eventId()}).orElse(new Object[] {id});
    }

    private void refreshRetractions(Set<UUID> retractions) throws SQLException {
        if (retractions.isEmpty()) {
            return;
        }
        Sql.update(c, "DELETE FROM derived_anomaly WHERE owner = ANY (?)", retractions.stream().map(r -> "retraction/" + r).toList());
        List<Optional<Anomaly>> found = Sql.list(c, "SELECT x.event_id, x.occurred_at, x.target_event_id, "
                + "EXISTS (SELECT 1 FROM applied_event a WHERE a.event_id = x.target_event_id) AS known, "
                + "EXISTS (SELECT 1 FROM retraction y WHERE y.event_id = x.target_event_id) AS of_retraction "
                + "FROM retraction x WHERE x.event_id = ANY (?)", r -> Anomaly.ofRetraction(eventId(r), at(r),
                r.getObject(3, UUID.class), r.getBoolean(4), r.getBoolean(5)), retractions);
        for (Optional<Anomaly> a : found) {
            if (a.isPresent()) { // the anomaly's event is the retraction itself
                anomalies.add("retraction/" + a.get().eventId(), List.of(a.get()));
            }
        }
    }

    private static UUID eventId(java.sql.ResultSet r) throws SQLException {
        return r.getObject(1, UUID.class);
    }

    private static Instant at(java.sql.ResultSet r) throws SQLException {
        return r.getTimestamp(2).toInstant();
    }
}
