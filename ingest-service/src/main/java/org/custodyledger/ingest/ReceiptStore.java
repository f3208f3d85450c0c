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
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    for (UUID id : eventIds.stream().sorted().toList()) {
                        lock.setLong(1, id.getMostSignificantBits() ^ id.getLeastSignificantBits());
                        lock.execute();
                    }
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
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO ingest.receipt (event_id, fingerprint, type, kafka_partition, kafka_offset, recorded_at, schema_version) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (Receipt receipt : receipts) {
                    AppendedEvent event = receipt.event();
                    insert.setObject(1, event.eventId());
                    insert.setString(2, receipt.fingerprint());
                    insert.setString(3, event.type());
                    insert.setInt(4, event.partition());
                    insert.setLong(5, event.offset());
                    insert.setTimestamp(6, Timestamp.from(event.recordedAt()));
                    insert.setInt(7, receipt.schemaVersion());
                    insert.addBatch();
                }
                insert.executeBatch();
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
