package org.custodyledger.projection.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.custodyledger.audit.Checkpoint;
import org.custodyledger.projection.Schemas;
import org.custodyledger.projection.Sql;

/** The signed checkpoints, kept in {@code projection_audit.checkpoint}: append-only, untouched by replays. */
public final class CheckpointStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointStore() {
    }

    /** Keeps a checkpoint; one with its sequence already there stays as it was. */
    public static void add(AgroalDataSource dataSource, Checkpoint checkpoint) throws SQLException {
        try (Connection c = Schemas.connect(dataSource, Schemas.AUDIT)) {
            Sql.update(c, "INSERT INTO checkpoint (sequence, at, log_id, partitions, combined_root, read_model_digest, key_id, signature) "
                            + "VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?) ON CONFLICT (sequence) DO NOTHING", checkpoint.sequence(), checkpoint.at(),
                    checkpoint.logId(), JSON.valueToTree(checkpoint.partitions()).toString(), checkpoint.combinedRoot(), checkpoint.readModelDigest(),
                    checkpoint.keyId(), checkpoint.signature());
        }
    }

    public static Optional<Checkpoint> latest(AgroalDataSource dataSource) throws SQLException {
        List<Checkpoint> newest = newestFirst(dataSource, null, 1);
        return newest.isEmpty() ? Optional.empty() : Optional.of(newest.get(0));
    }

    public static Optional<Checkpoint> bySequence(AgroalDataSource dataSource, long sequence) throws SQLException {
        List<Checkpoint> found = select(dataSource, " WHERE sequence = ?", List.of(sequence));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Newest first, those before sequence {@code before} (null: from the newest). */
    public static List<Checkpoint> newestFirst(AgroalDataSource dataSource, Long before, int limit) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String where = "";
        if (before != null) {
            where = " WHERE sequence < ?";
            parameters.add(before);
        }
        parameters.add(limit);
        return select(dataSource, where + " ORDER BY sequence DESC LIMIT ?", parameters);
    }

    /** Oldest first, those after sequence {@code after}. */
    public static List<Checkpoint> after(AgroalDataSource dataSource, long after, int limit) throws SQLException {
        return select(dataSource, " WHERE sequence > ? ORDER BY sequence LIMIT ?", List.of(after, limit));
    }

    private static List<Checkpoint> select(AgroalDataSource dataSource, String rest, List<Object> parameters) throws SQLException {
        try (Connection c = Schemas.connect(dataSource, Schemas.AUDIT)) {
            return Sql.list(c, "SELECT sequence, log_id, at, partitions::text, key_id, signature, combined_root, read_model_digest FROM checkpoint" + rest, r -> {
                List<Checkpoint.PartitionRoot> roots = new ArrayList<>();
                try {
                    for (JsonNode p : JSON.readTree(r.getString(4))) {
                        roots.add(new Checkpoint.PartitionRoot(p.get("partition").asInt(), p.get("size").asLong(), p.get("root").asText()));
                    }
                } catch (java.io.IOException e) {
                    throw new SQLException("unreadable checkpoint partitions: " + e.getMessage(), e);
                }
                return new Checkpoint(r.getLong(1), r.getString(2), Sql.instant(r, "at"), roots, r.getString(7), r.getString(8), r.getString(5),
                        r.getString(6));
            }, parameters.toArray());
        }
    }
}
