package org.custodyledger.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Small JDBC helpers, so the ledger's queries read as SQL and not as plumbing. */
public final class Sql {
    /** Leaves out rows of retracted events; {@code alias} is the row's table alias. */
    public static String notRetracted(String alias) {
        return " NOT EXISTS (SELECT 1 FROM retraction r WHERE r.target_event_id = " + alias + ".event_id) ";
    }

    /** Where an event stands in the ledger's order: its time, ties broken by its eventId. */
    public record EventRef(Instant at, UUID eventId) {
        public static EventRef of(ResultSet row) throws SQLException {
            return new EventRef(row.getTimestamp("occurred_at").toInstant(), row.getObject("event_id", UUID.class));
        }
    }

    public interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    private Sql() {
    }

    public static <T> List<T> list(Connection c, String sql, Row<T> row, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(c, sql, parameters); ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(row.map(rows));
            }
            return result;
        }
    }

    public interface RowConsumer {
        void accept(ResultSet row) throws SQLException;
    }

    /**
     * Each row as it arrives, a thousand fetched at a time, so a result of a million rows needs the
     * memory of a thousand (a cursor: only inside a transaction, autocommit off).
     */
    public static void stream(Connection c, String sql, RowConsumer each, Object... parameters) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, parameters)) {
            s.setFetchSize(1_000);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    each.accept(rows);
                }
            }
        }
    }

    public static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(c, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            Object p = parameters[i];
            if (p instanceof Instant instant) {
                statement.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (p instanceof Collection<?> values) {
                Object first = values.isEmpty() ? null : values.iterator().next();
                if (first instanceof Instant) {
                    statement.setArray(i + 1, c.createArrayOf("timestamptz", values.stream().map(v -> Timestamp.from((Instant) v)).toArray()));
                } else {
                    statement.setArray(i + 1, c.createArrayOf(first instanceof UUID ? "uuid" : "text", values.toArray()));
                }
            } else {
                statement.setObject(i + 1, p);
            }
        }
        return statement;
    }

    public static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp t = row.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    public static Integer integer(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }
}
