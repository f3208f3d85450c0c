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

    /** A row of pending_derivation: something an earlier unit touched and deferred. */
    public record Pending(String kind, String id, Instant since, Instant until) {
    }

    /** What earlier units deferred, taken out of pending_derivation in this unit's transaction, for {@link #derive}. */
    public List<Pending> takePending() throws SQLException {
        return Sql.list(c, "DELETE FROM pending_derivation RETURNING kind, id, since, until",
                r -> new Pending(r.getString(1), r.getString(2), Sql.instant(r, "since"), Sql.instant(r, "until")));
    }

    /** Re-derives what the unit and the earlier deferred units ({@link #takePending}) touched; returns all of it, for the change notices. */
    public Changes derive(Touched unit, List<Pending> pending) throws SQLException {
        Set<String> facilities = new HashSet<>(unit.facilities());
        Set<String> operations = new HashSet<>(unit.operations());
        Set<UUID> retractions = new HashSet<>(unit.retractions());
        Map<String, Touched.PopulationChange> populationChanged = new HashMap<>(unit.populationChanged());
        ChangedDays operationDays = ChangedDays.of(unit.operationDays());
        ChangedDays deferredFacilityDays = new ChangedDays();
        boolean statements = unit.statements();
        for (Pending row : pending) {
            String id = row.id();
            switch (PendingKind.of(row.kind())) {
                case FACILITY -> facilities.add(id);
                case POPULATION -> populationChanged.merge(id, new Touched.PopulationChange(row.since() == null ? Touched.WHOLE_HISTORY
                        : row.since(), row.until()), Touched.PopulationChange::and);
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
        facilities.addAll(populationChanged.keySet());
        for (String facilityId : facilities) {
            refreshFacility(facilityId, populationChanged.get(facilityId));
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
        // The earliest since and the latest until win; NULL (the whole history, the end of it) wins over any instant.
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO pending_derivation (kind, id, since, until) VALUES ('"
                + PendingKind.POPULATION.stored + "', ?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET "
                + "since = CASE WHEN pending_derivation.since IS NULL OR excluded.since IS NULL THEN NULL ELSE LEAST(pending_derivation.since, excluded.since) END, "
                + "until = CASE WHEN pending_derivation.until IS NULL OR excluded.until IS NULL THEN NULL ELSE GREATEST(pending_derivation.until, excluded.until) END")) {
            for (var change : unit.populationChanged().entrySet()) {
                Touched.PopulationChange changed = change.getValue();
                insert.setString(1, change.getKey());
                insert.setTimestamp(2, changed.wholeHistory() ? null : java.sql.Timestamp.from(changed.since()));
                insert.setTimestamp(3, changed.wholeHistory() || changed.until() == null ? null : java.sql.Timestamp.from(changed.until()));
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
     * unit costs what it changed, even when it is spread over many days (a back-dated batch). A
     * day's population span grows with entries after its last one, and is forgotten otherwise.
     */
    private void updateFacilityDays(Map<String, Map<LocalDate, DaySum>> dayDeltas, ChangedDays deferred) throws SQLException {
        for (String facilityId : deferred.ids()) {
            DailySums.rebuildFacilityDays(c, facilityId, deferred.of(facilityId));
        }
        List<List<String>> columns = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            columns.add(new ArrayList<>());
        }
        dayDeltas.forEach((facilityId, byDay) -> {
            Set<LocalDate> rebuilt = deferred.of(facilityId); // null: all of them
            byDay.forEach((day, sum) -> {
                if (rebuilt != null && !rebuilt.contains(day)) {
                    var span = sum.span(); // null: not a span the day's can grow by
                    List<Object> row = java.util.Arrays.asList(facilityId, day, sum.delta(), sum.arrivals(), sum.departures(),
                            span == null ? null : span.low(), span == null ? null : span.high(),
                            sum.first().at(), sum.first().eventId(), sum.last().at(), sum.last().eventId());
                    for (int i = 0; i < row.size(); i++) {
                        columns.get(i).add(row.get(i) == null ? null : row.get(i).toString());
                    }
                }
            });
        });
        if (columns.get(0).isEmpty()) {
            return;
        }
        // Both the update and the insert in one round trip; "extends" compares with the day's last entry before this unit.
        String extendsDay = "u.low IS NOT NULL AND d.low IS NOT NULL AND (d.last_at, d.last_event_id) < (u.first_at, u.first_event_id)";
        Sql.update(c, "WITH u AS (SELECT * FROM unnest(?::text[], ?::text[]::date[], ?::text[]::bigint[], ?::text[]::bigint[], ?::text[]::bigint[], "
                + "?::text[]::bigint[], ?::text[]::bigint[], ?::text[]::timestamptz[], ?::text[]::uuid[], ?::text[]::timestamptz[], ?::text[]::uuid[]) "
                + "AS u(facility_id, day, delta, arrivals, departures, low, high, first_at, first_event_id, last_at, last_event_id)), "
                + "updated AS (UPDATE facility_day d SET delta = d.delta + u.delta, arrivals = d.arrivals + u.arrivals, departures = d.departures + u.departures, "
                + "low = CASE WHEN " + extendsDay + " THEN LEAST(d.low, d.delta + u.low) END, "
                + "high = CASE WHEN " + extendsDay + " THEN GREATEST(d.high, d.delta + u.high) END, "
                + "last_at = CASE WHEN " + extendsDay + " THEN u.last_at END, last_event_id = CASE WHEN " + extendsDay + " THEN u.last_event_id END "
                + "FROM u WHERE d.facility_id = u.facility_id AND d.day = u.day RETURNING d.facility_id, d.day) "
                + "INSERT INTO facility_day (facility_id, day, delta, arrivals, departures, low, high, last_at, last_event_id) "
                + "SELECT facility_id, day, delta, arrivals, departures, low, high, CASE WHEN low IS NOT NULL THEN last_at END, "
                + "CASE WHEN low IS NOT NULL THEN last_event_id END FROM u "
                + "WHERE NOT EXISTS (SELECT 1 FROM updated x WHERE x.facility_id = u.facility_id AND x.day = u.day)",
                columns.toArray());
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
     * A facility's reference anomalies, its population anomalies where {@code populationChanged} (none
     * to re-check when null), and its current figures.
     */
    private void refreshFacility(String facilityId, Touched.PopulationChange populationChanged) throws SQLException {
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
        if (populationChanged != null) {
            population.check(facilityId, registration.get(), populationChanged);
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
