package org.custodyledger.projection.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.ledger.OperationFigures;
import org.custodyledger.projection.Sql;

/**
 * The daily sums (operation_day, facility_day) that let a figure at any instant be read from
 * whole days plus the instant's own day, instead of from every transfer or entry: how they are
 * rebuilt from the facts, and how an operation's figures are read from them.
 */
public final class DailySums {
    private DailySums() {
    }

    /** {@link OperationFigures} of one operation's transfers at t, as PostgreSQL sums them. */
    record Figures(long initiated, long received, long inTransit, long cancelled, long lost, int transfers,
                   Instant firstActivity, Instant lastActivity) {
    }

    /** What a transfer contributes to its operation, as rows (operation_id, at, initiated, transfers, received, lost, cancelled, first_at). */
    private static String contributions(String initiations, String finishes) {
        return "SELECT operation_id, initiated_at AS at, count AS initiated, 1 AS transfers, 0 AS received, 0 AS lost, 0 AS cancelled, "
                + "initiated_at AS first_at FROM transfer WHERE " + initiations
                + " UNION ALL SELECT operation_id, finished_at, 0, 0, CASE WHEN outcome = 'COMPLETED' THEN received_count ELSE 0 END, "
                + "CASE WHEN outcome = 'COMPLETED' THEN count - received_count ELSE 0 END, CASE WHEN outcome = 'CANCELLED' THEN count ELSE 0 END, "
                + "NULL FROM transfer WHERE outcome IN ('COMPLETED', 'CANCELLED') AND " + finishes;
    }

    /**
     * Rebuilds an operation's {@code operation_day} rows from its transfers: those of the
     * given UTC days (a live unit touches one or two), or all of them ({@code days} null, or many).
     */
    public static void rebuildOperationDays(Connection c, String operationId, java.util.Set<java.time.LocalDate> days) throws SQLException {
        String insert = "INSERT INTO operation_day SELECT operation_id, (at AT TIME ZONE 'UTC')::date, SUM(initiated), SUM(transfers), "
                + "SUM(received), SUM(lost), SUM(cancelled), MIN(first_at), MAX(at) FROM (%s) x GROUP BY 1, 2";
        if (days == null) {
            Sql.update(c, "DELETE FROM operation_day WHERE operation_id = ?", operationId);
            Sql.update(c, insert.formatted(contributions("operation_id = ?", "operation_id = ?")), operationId, operationId);
            return;
        }
        for (java.time.LocalDate day : days) {
            Instant start = day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            Instant end = start.plus(java.time.Duration.ofDays(1));
            Sql.update(c, "DELETE FROM operation_day WHERE operation_id = ? AND day = ?", operationId, day);
            Sql.update(c, insert.formatted(contributions("operation_id = ? AND initiated_at >= ? AND initiated_at < ?",
                    "operation_id = ? AND finished_at >= ? AND finished_at < ?")), operationId, start, end, operationId, start, end);
        }
    }

    /** Rebuilds a facility's {@code facility_day} rows from its ledger entries: those of the given UTC days, or all ({@code days} null). */
    public static void rebuildFacilityDays(Connection c, String facilityId, java.util.Set<java.time.LocalDate> days) throws SQLException {
        String insert = "INSERT INTO facility_day SELECT facility_id, (occurred_at AT TIME ZONE 'UTC')::date, SUM(delta), SUM(GREATEST(delta, 0)), "
                + "SUM(GREATEST(-delta, 0)) FROM ledger_entry "
                + "WHERE facility_id = ?%s GROUP BY 1, 2";
        if (days == null) {
            Sql.update(c, "DELETE FROM facility_day WHERE facility_id = ?", facilityId);
            Sql.update(c, insert.formatted(""), facilityId);
            return;
        }
        for (java.time.LocalDate day : days) {
            Instant start = day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            Sql.update(c, "DELETE FROM facility_day WHERE facility_id = ? AND day = ?", facilityId, day);
            Sql.update(c, insert.formatted(" AND occurred_at >= ? AND occurred_at < ?"), facilityId, start, start.plus(java.time.Duration.ofDays(1)));
        }
    }

    /**
     * {@link OperationFigures} at t, as PostgreSQL sums them: the operation's whole days before t's
     * (UTC) day from {@code operation_day}, then the contributions of t's own day up to t from the
     * transfers. A transfer is finished by t only if finished by then, and it cannot finish before
     * it starts, so "in transit" is what was initiated less what was received, lost or cancelled.
     * ProjectionMatchesFoldIT holds it equal to the pure rule.
     */
    static Map<String, Figures> operationFigures(Connection c, Instant t, String operationId) throws SQLException {
        Instant dayStart = t.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        String operation = operationId == null ? "operation_id IS NOT NULL" : "operation_id = ?";
        String sql = "SELECT operation_id, SUM(initiated) AS initiated, SUM(transfers) AS transfers, SUM(received) AS received, "
                + "SUM(lost) AS lost, SUM(cancelled) AS cancelled, MIN(first_at) AS first_activity, MAX(at) AS last_activity FROM ("
                + "SELECT operation_id, last_at AS at, initiated, transfers, received, lost, cancelled, first_at FROM operation_day "
                + "WHERE " + operation + " AND day < ? UNION ALL "
                + contributions(operation + " AND initiated_at >= ? AND initiated_at <= ?", operation + " AND finished_at >= ? AND finished_at <= ?")
                + ") x GROUP BY operation_id";
        List<Object> parameters = new ArrayList<>();
        for (Object[] part : List.of(new Object[] {java.time.LocalDate.ofInstant(t, java.time.ZoneOffset.UTC)},
                new Object[] {dayStart, t}, new Object[] {dayStart, t})) {
            if (operationId != null) {
                parameters.add(operationId);
            }
            parameters.addAll(List.of(part));
        }
        Map<String, Figures> figures = new HashMap<>();
        for (var row : Sql.list(c, sql, r -> Map.entry(r.getString("operation_id"), new Figures(r.getLong("initiated"),
                r.getLong("received"), r.getLong("initiated") - r.getLong("received") - r.getLong("lost") - r.getLong("cancelled"),
                r.getLong("cancelled"), r.getLong("lost"), r.getInt("transfers"),
                Sql.instant(r, "first_activity"), Sql.instant(r, "last_activity"))), parameters.toArray())) {
            figures.put(row.getKey(), row.getValue());
        }
        return figures;
    }
}
