package org.custodyledger.projection.write;

import org.custodyledger.projection.CopyRows;
import org.custodyledger.projection.ProjectionConfig;
import org.custodyledger.projection.Schemas;
import org.custodyledger.projection.Sql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.events.Envelope;
import org.custodyledger.projection.derive.Changes;
import org.custodyledger.projection.derive.Derivation;
import org.custodyledger.projection.derive.Touched;

/** The projection's PostgreSQL tables (schema {@code projection}, see the Flyway migrations). */
@ApplicationScoped
public class ProjectionStore {
    private final AgroalDataSource dataSource;
    private final ProjectionConfig config;
    private final ApplierLease lease;
    private final TableStatistics statistics;

    ProjectionStore(AgroalDataSource dataSource, ProjectionConfig config, ApplierLease lease) {
        this.dataSource = dataSource;
        this.config = config;
        this.lease = lease;
        this.statistics = new TableStatistics(dataSource);
    }

    /**
     * One unit of work read from the log: what to store, all or nothing. {@code leaves} are every
     * record read (applied, rejected or repeated), in offset order per partition, for the log's trees.
     */
    public record Unit(List<AppliedEvent> events, List<RejectedRecord> rejected, Map<Integer, Long> nextOffsets, List<LogTree.Leaf> leaves) {
        /** Nothing read: committing it only derives what earlier units deferred. */
        public static final Unit EMPTY = new Unit(List.of(), List.of(), Map.of(), List.of());
    }

    /** @param stored the envelope as kept in applied_event (UTF-8 JSON) */
    public record AppliedEvent(Envelope envelope, byte[] stored, int partition, long offset) {
    }

    public record RejectedRecord(int partition, long offset, String reason) {
    }

    /**
     * Events, what they derive, and positions in one transaction: a crash leaves all of it or none of
     * it. With {@code derive} false (catching up with a long log) the whole-history derivations are
     * only recorded as pending, and the next unit committed with {@code derive} true does them all.
     */
    public Changes commit(String schema, Unit unit, boolean derive) throws SQLException {
        return run(schema, unit, derive, true);
    }

    /**
     * Applies the events as {@link #commit} would, then rolls back: null if the database takes them,
     * else what it refused. Positions and rejected records are left out; only the events are tried.
     */
    public SQLException probe(String schema, List<AppliedEvent> events, boolean derive) {
        try {
            run(schema, new Unit(events, List.of(), Map.of(), List.of()), derive, false);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    private Changes run(String schema, Unit unit, boolean derive, boolean commit) throws SQLException {
        try (Connection c = Schemas.connect(dataSource, schema)) {
            c.setAutoCommit(false);
            try {
                lease.check(c); // first, so a unit of an instance that lost its turn writes nothing
                // Safe without waiting for the disk: events and positions commit together, so a
                // commit lost in a crash is simply read again from the log on restart.
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("SET LOCAL synchronous_commit TO off");
                }
                boolean built = false;
                if (derive) {
                    built = DeferredIndexes.restore(c);
                } else if (!unit.events().isEmpty()) {
                    DeferredIndexes.dropIfFresh(c);
                }
                List<Envelope> fresh = unit.events().isEmpty() ? List.of() : applied(c, unit.events());
                Touched touched = new FactWriter(c).write(fresh);
                Derivation derivation = new Derivation(c, config.projection().historyPage());
                Changes changes;
                if (derive) {
                    List<Derivation.Pending> pending = derivation.takePending();
                    if (!built && commit) {
                        statistics.beforeDeriving(c, schema, !pending.isEmpty()); // a catch-up ends where units had deferred
                    }
                    changes = derivation.derive(touched, pending);
                } else {
                    changes = derivation.defer(touched);
                }
                if (built) {
                    DeferredIndexes.analyzeAll(c);
                }
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO rejected_record "
                        + "(kafka_partition, kafka_offset, reason) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                    for (RejectedRecord r : unit.rejected()) {
                        insert.setInt(1, r.partition());
                        insert.setLong(2, r.offset());
                        insert.setString(3, r.reason());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                LogTree.append(c, unit.leaves());
                upsertPositions(c, unit.nextOffsets());
                if (commit) {
                    c.commit();
                } else {
                    c.rollback();
                }
                return changes;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void upsertPositions(Connection c, Map<Integer, Long> nextOffsets) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO consumer_position "
                + "(kafka_partition, next_offset) VALUES (?, ?) ON CONFLICT (kafka_partition) DO UPDATE SET next_offset = excluded.next_offset")) {
            for (Map.Entry<Integer, Long> p : nextOffsets.entrySet()) {
                upsert.setInt(1, p.getKey());
                upsert.setLong(2, p.getValue());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** Gaps found in the log, kept (once each) as anomalies until accepted. */
    public void recordGaps(String schema, List<org.custodyledger.log.LogGap> gaps) throws SQLException {
        try (Connection c = Schemas.connect(dataSource, schema);
             PreparedStatement insert = c.prepareStatement("INSERT INTO log_gap (kafka_partition, needed_offset, log_start_offset) "
                     + "VALUES (?, ?, ?) ON CONFLICT (kafka_partition, needed_offset) DO UPDATE SET log_start_offset = excluded.log_start_offset")) {
            for (org.custodyledger.log.LogGap gap : gaps) {
                insert.setInt(1, gap.partition());
                insert.setLong(2, gap.needed());
                insert.setLong(3, gap.logStart());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * The operator accepts that the open gaps' records are gone: each is marked accepted with the
     * reason, and its partition's position moves to where the log now starts, in one transaction.
     *
     * @return the gaps accepted
     */
    public List<org.custodyledger.log.LogGap> acceptGaps(String schema, String reason) throws SQLException {
        try (Connection c = Schemas.connect(dataSource, schema)) {
            c.setAutoCommit(false);
            try {
                lease.check(c); // it moves positions: the applier's to do
                List<org.custodyledger.log.LogGap> open = Sql.list(c, "UPDATE log_gap SET accepted_at = now(), accepted_reason = ? "
                                + "WHERE accepted_at IS NULL RETURNING kafka_partition, needed_offset, log_start_offset",
                        r -> new org.custodyledger.log.LogGap(r.getInt(1), r.getLong(2), r.getLong(3)), reason);
                Map<Integer, Long> moved = new HashMap<>();
                open.forEach(g -> moved.merge(g.partition(), g.logStart(), Math::max));
                upsertPositions(c, moved);
                c.commit();
                return open;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public record GapRecord(int partition, long neededOffset, long logStartOffset, java.time.Instant detectedAt,
                            java.time.Instant acceptedAt, String acceptedReason) {
    }

    public List<GapRecord> logGaps(String schema) throws SQLException {
        try (Connection c = Schemas.connect(dataSource, schema)) {
            return Sql.list(c, "SELECT kafka_partition, needed_offset, log_start_offset, detected_at, accepted_at, accepted_reason "
                    + "FROM log_gap ORDER BY 1, 2", r -> new GapRecord(r.getInt(1), r.getLong(2), r.getLong(3),
                    Sql.instant(r, "detected_at"), Sql.instant(r, "accepted_at"), r.getString(6)));
        }
    }

    /** Whether the schema is being built from empty and has not derived yet (see {@link DeferredIndexes}). */
    public boolean freshBuild(String schema) throws SQLException {
        try (Connection c = Schemas.connect(dataSource, schema)) {
            return DeferredIndexes.pending(c);
        }
    }

    /** What committed units left to derive (see {@link Derivation#defer}). */
    public long pendingDerivations(String schema) throws SQLException {
        try (Connection c = Schemas.connect(dataSource, schema)) {
            return pendingDerivations(c);
        }
    }

    /** As {@link #pendingDerivations(String)}, on a connection already open (a snapshot's). */
    public static long pendingDerivations(Connection c) throws SQLException {
        return Sql.list(c, "SELECT count(*) FROM pending_derivation", r -> r.getLong(1)).get(0);
    }

    /** Events applied (each eventId once). */
    public long appliedEvents(String schema) throws SQLException {
        try (Connection c = Schemas.connect(dataSource, schema);
             ResultSet rows = c.createStatement().executeQuery("SELECT count(*) FROM applied_event")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Stores the unit's events in applied_event and returns those new to it: a duplicate in the log
     * (a retry that was appended twice) counts once. Duplicates are rare, so the events are copied
     * without looking them up first (a lookup of every eventId was 2 s of a 1M-event replay); only
     * when the primary key refuses one is the copy undone and redone without the known ones. Safe
     * because each schema has one writer (the consumer, or the replay).
     */
    private static List<Envelope> applied(Connection c, List<AppliedEvent> events) throws SQLException {
        java.sql.Savepoint beforeCopy = c.setSavepoint();
        try {
            return copyApplied(c, events, java.util.Set.of());
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(beforeCopy);
            java.util.Set<java.util.UUID> known = new java.util.HashSet<>(Sql.list(c,
                    "SELECT event_id FROM applied_event WHERE event_id = ANY (?)", r -> r.getObject(1, java.util.UUID.class),
                    events.stream().map(a -> a.envelope().eventId()).toList()));
            return copyApplied(c, events, known);
        }
    }

    private static final String UNIQUE_VIOLATION = "23505";

    private static List<Envelope> copyApplied(Connection c, List<AppliedEvent> events, java.util.Set<java.util.UUID> known) throws SQLException {
        List<Envelope> fresh = new ArrayList<>();
        CopyRows applied = new CopyRows("applied_event (event_id, occurred_at, type, kafka_partition, kafka_offset, envelope, transfer_id)");
        for (AppliedEvent e : events) {
            Envelope envelope = e.envelope();
            if (!known.contains(envelope.eventId())) {
                fresh.add(envelope);
                applied.add(c, envelope.eventId(), envelope.occurredAt(), envelope.type(), e.partition(), e.offset(),
                        new CopyRows.Utf8(e.stored()), org.custodyledger.ledger.TransferLifecycle.transferIdOf(envelope.data()));
            }
        }
        applied.send(c);
        return fresh;
    }

    public Map<Integer, Long> positions(String schema) throws SQLException {
        try (Connection c = Schemas.connect(dataSource, schema)) {
            return positions(c);
        }
    }

    /** The next offset per partition, on a connection already open (a snapshot's). */
    public static Map<Integer, Long> positions(Connection c) throws SQLException {
        Map<Integer, Long> positions = new HashMap<>();
        try (ResultSet rows = c.createStatement().executeQuery("SELECT kafka_partition, next_offset FROM consumer_position")) {
            while (rows.next()) {
                positions.put(rows.getInt(1), rows.getLong(2));
            }
        }
        return positions;
    }

    public List<RejectedRecord> rejectedRecords(String schema) throws SQLException {
        List<RejectedRecord> rejected = new ArrayList<>();
        try (Connection c = Schemas.connect(dataSource, schema);
             ResultSet rows = c.createStatement().executeQuery(
                     "SELECT kafka_partition, kafka_offset, reason FROM rejected_record ORDER BY 1, 2")) {
            while (rows.next()) {
                rejected.add(new RejectedRecord(rows.getInt(1), rows.getLong(2), rows.getString(3)));
            }
        }
        return rejected;
    }
}
