package org.custodyledger.projection.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.custodyledger.ledger.Flows;
import org.custodyledger.projection.Sql;

/**
 * {@link Flows} from the fact tables, in one query: the transfers that finished in the window,
 * each end's group as it stood then (a facility's first registration by that instant, and the last
 * custodian change after it, in event order). ProjectionMatchesFoldIT holds it equal to the rule.
 */
public final class FlowQueries {
    private FlowQueries() {
    }

    /** A facility's group at an instant, as SQL over the columns {@code facility} and {@code at}. */
    private static String group(Flows.By by, String facility, String at) {
        String registration = "(SELECT %s FROM facility_registration r WHERE r.facility_id = " + facility + " AND r.occurred_at <= " + at
                + " ORDER BY r.occurred_at, r.event_id LIMIT 1)";
        return switch (by) {
            case FACILITY -> facility;
            case COUNTRY -> "COALESCE(" + registration.formatted("r.country") + ", 'unknown')";
            // The last change after the first registration, else the registration's own custodian.
            case CUSTODIAN -> "COALESCE(" + registration.formatted("COALESCE((SELECT c.custodian FROM custodian_change c WHERE c.facility_id = "
                    + facility + " AND c.occurred_at <= " + at + " AND (c.occurred_at, c.event_id) > (r.occurred_at, r.event_id) "
                    + "ORDER BY c.occurred_at DESC, c.event_id DESC LIMIT 1), r.custodian)") + ", 'unknown')";
        };
    }

    public static List<Flows.Flow> between(Connection c, Instant from, Instant to, Flows.By by) throws SQLException {
        return between(c, from, to, by, null, null);
    }

    public static List<Flows.Flow> between(Connection c, Instant from, Instant to, Flows.By by, String nationality) throws SQLException {
        return between(c, from, to, by, nationality, null);
    }

    /** With a nationality and/or cohort, from the transfers' lines that match them ({@code transfer_line}), as {@link Flows} counts them. */
    public static List<Flows.Flow> between(Connection c, Instant from, Instant to, Flows.By by, String nationality, String cohort) throws SQLException {
        List<Object> parameters = new java.util.ArrayList<>();
        boolean lines = nationality != null || cohort != null;
        String figures = !lines
                ? "CASE WHEN t.outcome = 'COMPLETED' THEN t.received_count ELSE 0 END AS received, "
                + "CASE WHEN t.outcome = 'COMPLETED' THEN greatest(0, t.count - t.received_count) ELSE 0 END AS lost, "
                + "CASE WHEN t.outcome = 'CANCELLED' THEN t.count ELSE 0 END AS cancelled FROM transfer t "
                : "CASE WHEN t.outcome = 'COMPLETED' THEN COALESCE(l.received, 0) ELSE 0 END AS received, "
                + "CASE WHEN t.outcome = 'COMPLETED' THEN l.lost ELSE 0 END AS lost, "
                + "CASE WHEN t.outcome = 'CANCELLED' THEN COALESCE(l.initiated, 0) ELSE 0 END AS cancelled "
                + "FROM transfer t JOIN transfer_line l ON l.transfer_id = t.transfer_id AND " + LineMatch.sql(cohort, nationality, "l.cohort", "l.nationality", parameters) + " ";
        String sql = "SELECT origin, destination, sum(received), sum(lost), sum(cancelled) FROM ("
                + "SELECT " + group(by, "t.from_facility_id", "t.initiated_at") + " AS origin, " + group(by, "t.to_facility_id", "t.finished_at") + " AS destination, "
                + figures + "WHERE t.finished_at >= ? AND t.finished_at < ? AND t.outcome IN ('COMPLETED', 'CANCELLED')) f "
                + "GROUP BY origin, destination ORDER BY origin COLLATE \"C\", destination COLLATE \"C\"";
        parameters.addAll(List.of(Timestamp.from(from), Timestamp.from(to)));
        return Sql.list(c, sql, r -> new Flows.Flow(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4), r.getLong(5)), parameters.toArray());
    }
}
