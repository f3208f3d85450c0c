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
 * Receipts of appended events in PostgreSQL. A {@link Unit} holds transaction-scoped advisory
 * locks on the eventIds it handles, so two requests (or two ingest instances) with the same
 * eventId take turns: the second one sees the first one's receipt and appends nothing.
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
                try (PreparedStatement lock = connection.prepareStatement("SELECT count(pg_advisory_xact_lock(k)) "
                        + "FROM (SELECT k FROM unnest(?::bigint[]) WITH ORDINALITY AS u(k, n) ORDER BY n) AS sorted")) {
                    lock.setArray(1, connection.createArrayOf("int8", keys));
                    lock.executeQuery().close();
                }
                return new Unit(connection);
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

        private Unit(Connection connection) {
            this.connection = connection;
        }

        public Map<UUID, Receipt> find(Collection<UUID> eventIds) throws LogUnavailableException {
            Map<UUID, Receipt> found = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT event_id, fingerprint, type, kafka_partition, kafka_offset, recorded_at, schema_version "
                            + "FROM ingest.receipt WHERE event_id = ANY (?)")) {
                select.setArray(1, connection.createArrayOf("uuid", eventIds.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        UUID id = rows.getObject(1, UUID.class);
                        found.put(id, new Receipt(new AppendedEvent(id, rows.getString(3), rows.getInt(4),
                                rows.getLong(5), rows.getTimestamp(6).toInstant()), rows.getString(2), rows.getInt(7)));
                    }
                }
                return found;
            } catch (SQLException e) {
                throw new LogUnavailableException("receipt store unavailable: " + e.getMessage(), e);
            }
        }

        public void save(List<Receipt> receipts) throws LogUnavailableException {
            // One statement for any number of receipts.
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO ingest.receipt (event_id, fingerprint, type, kafka_partition, kafka_offset, recorded_at, schema_version) "
                            + "SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::int[], ?::bigint[], ?::timestamptz[], ?::int[])")) {
                int n = receipts.size();
                Object[] ids = new Object[n];
                String[] fingerprints = new String[n];
                String[] types = new String[n];
                Integer[] partitions = new Integer[n];
                Long[] offsets = new Long[n];
                Timestamp[] recordedAt = new Timestamp[n];
                Integer[] versions = new Integer[n];
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
                }
                insert.setArray(1, connection.createArrayOf("uuid", ids));
                insert.setArray(2, connection.createArrayOf("text", fingerprints));
                insert.setArray(3, connection.createArrayOf("text", types));
                insert.setArray(4, connection.createArrayOf("int4", partitions));
                insert.setArray(5, connection.createArrayOf("int8", offsets));
                insert.setArray(6, connection.createArrayOf("timestamptz", recordedAt));
                insert.setArray(7, connection.createArrayOf("int4", versions));
                insert.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                throw new LogUnavailableException("receipt store unavailable: " + e.getMessage(), e);
            }
        }

        /** Releases the locks; without a prior {@link #save} nothing is kept. */
        @Override
        public void close() {
            try (connection) {
                connection.rollback();
            } catch (SQLException ignored) {
                // The connection is gone, and with it the transaction and its locks.
            }
        }
    }
}
