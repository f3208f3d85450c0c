package org.custodyledger.ingest;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Receipts of appended events in PostgreSQL. A {@link Unit} holds advisory locks on the eventIds
 * it handles for its whole life (session locks: the unit commits its unconfirmed receipts before
 * the Kafka commit and confirms them after), so two requests (or two ingest instances) with the
 * same eventId take turns: the second one sees the first one's receipt and appends nothing.
 */
@ApplicationScoped
public class ReceiptStore {
    private final AgroalDataSource dataSource;

    ReceiptStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Opens a transaction holding the locks of these eventIds, taken in sorted order to avoid deadlocks. */
    public Unit lock(Collection<UUID> eventIds) throws LogUnavailableException {
        try {
            Connection connection = dataSource.getConnection();
            try {
                connection.setAutoCommit(false);
                // All locks in one round trip, taken in ascending key order (WITH ORDINALITY keeps the
                // order we sorted in), so two transactions never wait for each other in a cycle.
                Long[] keys = eventIds.stream().map(id -> id.getMostSignificantBits() ^ id.getLeastSignificantBits())
                        .distinct().sorted().toArray(Long[]::new);
                Unit unit = new Unit(connection, keys);
                try {
                    unit.lock();
                } catch (SQLException e) {
                    unit.close(); // session locks survive a failed statement: those taken before it are released here
                    throw e;
                }
                return unit;
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new LogUnavailableException("receipt store unavailable: " + e.getMessage(), e);
        }
    }

    public static final class Unit implements AutoCloseable {
        private final Connection connection;
        private final Long[] keys;

        private Unit(Connection connection, Long[] keys) {
            this.connection = connection;
            this.keys = keys;
        }

        private void lock() throws SQLException {
            try (PreparedStatement lock = connection.prepareStatement("SELECT count(pg_advisory_lock(k)) "
                    + "FROM (SELECT k FROM unnest(?::bigint[]) WITH ORDINALITY AS u(k, n) ORDER BY n) AS sorted")) {
                lock.setArray(1, connection.createArrayOf("int8", keys));
                lock.executeQuery().close();
            }
        }

        /** Commits what was written; the locks are the session's and stay until {@link #close}. */
        private void commit() throws SQLException {
            connection.commit();
        }

        public Map<UUID, Receipt> find(Collection<UUID> eventIds) throws LogUnavailableException {
            Map<UUID, Receipt> found = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT event_id, fingerprint, type, kafka_partition, kafka_offset, recorded_at, schema_version, confirmed, "
                            + "record_sha256, recorded_by FROM ingest.receipt WHERE event_id = ANY (?)")) {
                select.setArray(1, connection.createArrayOf("uuid", eventIds.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        UUID id = rows.getObject(1, UUID.class);
                        found.put(id, new Receipt(new AppendedEvent(id, rows.getString(3), rows.getInt(4),
                                rows.getLong(5), rows.getTimestamp(6).toInstant(), rows.getString(9), rows.getString(10)),
                                rows.getString(2), rows.getInt(7), rows.getBoolean(8)));
                    }
                }
                return found;
            } catch (SQLException e) {
                throw new LogUnavailableException("receipt store unavailable: " + e.getMessage(), e);
            }
        }

        /**
         * Keeps receipts of events written to the log whose commit is still to come, durably
         * (committed here), so that a failure after the Kafka commit cannot leave an event without one.
         */
        public void saveUnconfirmed(List<Receipt> receipts) throws LogUnavailableException {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO ingest.receipt (event_id, fingerprint, type, kafka_partition, kafka_offset, recorded_at, schema_version, "
                            + "record_sha256, recorded_by, confirmed) SELECT *, false FROM unnest(?::uuid[], ?::text[], ?::text[], ?::int[], "
                            + "?::bigint[], ?::timestamptz[], ?::int[], ?::text[], ?::text[])")) {
                int n = receipts.size();
                Object[] ids = new Object[n];
                String[] fingerprints = new String[n];
                String[] types = new String[n];
                Integer[] partitions = new Integer[n];
                Long[] offsets = new Long[n];
                Timestamp[] recordedAt = new Timestamp[n];
                Integer[] versions = new Integer[n];
                String[] hashes = new String[n];
                String[] recordedBy = new String[n];
                for (int i = 0; i < n; i++) {
                    Receipt receipt = receipts.get(i);
                    AppendedEvent event = receipt.event();
                    ids[i] = event.eventId();
                    fingerprints[i] = receipt.fingerprint();
                    types[i] = event.type();
                    partitions[i] = event.partition();
                    offsets[i] = event.offset();
                    recordedAt[i] = Timestamp.from(event.recordedAt());
                    versions[i] = receipt.schemaVersion();
                    hashes[i] = event.recordSha256();
                    recordedBy[i] = event.recordedBy();
                }
                insert.setArray(1, connection.createArrayOf("uuid", ids));
                insert.setArray(2, connection.createArrayOf("text", fingerprints));
                insert.setArray(3, connection.createArrayOf("text", types));
                insert.setArray(4, connection.createArrayOf("int4", partitions));
                insert.setArray(5, connection.createArrayOf("int8", offsets));
                insert.setArray(6, connection.createArrayOf("timestamptz", recordedAt));
                insert.setArray(7, connection.createArrayOf("int4", versions));
                insert.setArray(8, connection.createArrayOf("text", hashes));
                insert.setArray(9, connection.createArrayOf("text", recordedBy));
                insert.executeUpdate();
                commit();
            } catch (SQLException e) {
                throw new LogUnavailableException("receipt store unavailable: " + e.getMessage(), e);
            }
        }

        /** The log holds these events: their receipts stand. */
        public void confirm(Collection<UUID> eventIds) throws LogUnavailableException {
            update("UPDATE ingest.receipt SET confirmed = true WHERE event_id = ANY (?)", eventIds);
        }

        /** The log does not hold these events (their transaction aborted): their unconfirmed receipts go. */
        public void forget(Collection<UUID> eventIds) throws LogUnavailableException {
            update("DELETE FROM ingest.receipt WHERE event_id = ANY (?) AND NOT confirmed", eventIds);
        }

        private void update(String sql, Collection<UUID> eventIds) throws LogUnavailableException {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setArray(1, connection.createArrayOf("uuid", eventIds.toArray()));
                update.executeUpdate();
                commit();
            } catch (SQLException e) {
                throw new LogUnavailableException("receipt store unavailable: " + e.getMessage(), e);
            }
        }

        /** Releases the locks; what was not committed by one of the methods above is not kept. */
        @Override
        public void close() {
            try (connection) {
                connection.rollback();
                try (java.sql.Statement unlock = connection.createStatement()) {
                    unlock.execute("SELECT pg_advisory_unlock_all()");
                }
                connection.commit();
            } catch (SQLException ignored) {
                // The connection is gone (the driver closes it on an I/O error), and with its session the locks.
            }
        }
    }
}
