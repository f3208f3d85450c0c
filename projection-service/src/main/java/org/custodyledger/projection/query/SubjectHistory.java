package org.custodyledger.projection.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.custodyledger.projection.Sql;

/**
 * Every event that changed a facility's or an operation's figures, in event-time order, with who
 * recorded it and when, where it is in the log, and the retraction that undid it, if one did;
 * retractions of those events are in the history too.
 */
public final class SubjectHistory {
    /** One event of a history. */
    public record Entry(UUID eventId, String type, Instant occurredAt, String recordedAt, String recordedBy, int partition, long offset,
                        @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) UUID retractedBy, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) UUID retracts) {
        public List<String> key() {
            return List.of(occurredAt.toString(), eventId.toString());
        }
    }

    /** The events of a subject, found from the fact tables by its id (each ? is the id). */
    public enum Subject {
        FACILITY("SELECT event_id FROM facility_registration WHERE facility_id = ? "
                + "UNION SELECT event_id FROM custodian_change WHERE facility_id = ? "
                + "UNION SELECT event_id FROM facility_location WHERE facility_id = ? "
                + "UNION SELECT event_id FROM census WHERE facility_id = ? "
                + "UNION SELECT a.event_id FROM transfer t JOIN applied_event a ON a.transfer_id = t.transfer_id "
                + "WHERE t.from_facility_id = ? OR t.to_facility_id = ?", 6,
                "SELECT EXISTS (SELECT 1 FROM facility_registration WHERE facility_id = ?)"),
        OPERATION("SELECT event_id FROM operation_plan WHERE operation_id = ? "
                + "UNION SELECT a.event_id FROM transfer t JOIN applied_event a ON a.transfer_id = t.transfer_id WHERE t.operation_id = ?", 2,
                "SELECT EXISTS (SELECT 1 FROM operation_plan WHERE operation_id = ?) OR EXISTS (SELECT 1 FROM transfer WHERE operation_id = ?)");

        private final String events;
        private final int ids;
        private final String exists;

        Subject(String events, int ids, String exists) {
            this.events = events;
            this.ids = ids;
            this.exists = exists;
        }
    }

    private SubjectHistory() {
    }

    public static boolean exists(Connection c, Subject subject, String id) throws SQLException {
        Object[] ids = new Object[(int) subject.exists.chars().filter(ch -> ch == '?').count()];
        java.util.Arrays.fill(ids, id);
        return Sql.list(c, subject.exists, r -> r.getBoolean(1), ids).get(0);
    }

    /** Up to {@code limit} entries with occurredAt in [from, to) (either open), after the entry with key {@code after}. */
    public static List<Entry> of(Connection c, Subject subject, String id, Instant from, Instant to, List<String> after, int limit)
            throws SQLException {
        List<Object> parameters = new ArrayList<>();
        for (int i = 0; i < subject.ids; i++) {
            parameters.add(id);
        }
        StringBuilder where = new StringBuilder(" WHERE true");
        if (from != null) {
            where.append(" AND a.occurred_at >= ?");
            parameters.add(from);
        }
        if (to != null) {
            where.append(" AND a.occurred_at < ?");
            parameters.add(to);
        }
        if (after != null) {
            where.append(" AND (a.occurred_at, a.event_id) > (?, ?)");
            parameters.add(Instant.parse(after.get(0)));
            parameters.add(UUID.fromString(after.get(1)));
        }
        parameters.add(limit);
        return Sql.list(c, "WITH subject AS (" + subject.events + "), touched AS (SELECT event_id FROM subject "
                + "UNION SELECT r.event_id FROM retraction r JOIN subject s ON r.target_event_id = s.event_id) "
                + "SELECT a.event_id, a.type, a.occurred_at, a.envelope->>'recordedAt', a.envelope->>'recordedBy', a.kafka_partition, a.kafka_offset, "
                + "(SELECT r.event_id FROM retraction r WHERE r.target_event_id = a.event_id ORDER BY r.occurred_at, r.event_id LIMIT 1), "
                + "(SELECT r.target_event_id FROM retraction r WHERE r.event_id = a.event_id) "
                + "FROM touched JOIN applied_event a USING (event_id)" + where + " ORDER BY a.occurred_at, a.event_id LIMIT ?",
                r -> new Entry(r.getObject(1, UUID.class), r.getString(2), Sql.instant(r, "occurred_at"), r.getString(4), r.getString(5),
                        r.getInt(6), r.getLong(7), r.getObject(8, UUID.class), r.getObject(9, UUID.class)), parameters.toArray());
    }
}
