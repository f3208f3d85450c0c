package org.custodyledger.projection.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.custodyledger.audit.Checkpoint;
import org.custodyledger.audit.Ed25519;
import org.custodyledger.projection.ProjectionConfig;
import org.custodyledger.projection.Schemas;
import org.custodyledger.projection.Sql;
import org.custodyledger.projection.query.LogTrees;
import org.jboss.logging.Logger;

/**
 * Signs a checkpoint of the log's trees (each partition's size and root) whenever the projection
 * has read records since the last one, checked every {@code ledger.checkpoints.every}; kept in
 * {@code projection_audit.checkpoint}, append-only, which no replay touches. The projection does
 * not start without its key.
 */
@ApplicationScoped
public class Checkpoints {
    private static final Logger LOG = Logger.getLogger(Checkpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgroalDataSource dataSource;
    private final ProjectionConfig config;
    private final Ed25519.SigningKey key;
    private final String publicKey;
    private ScheduledExecutorService timer;
    private volatile boolean incompleteSaid;

    Checkpoints(AgroalDataSource dataSource, ProjectionConfig config) {
        this.dataSource = dataSource;
        this.config = config;
        ProjectionConfig.Checkpoints keys = config.checkpoints();
        if (keys.keyId().isEmpty() || keys.privateKey().isEmpty() || keys.publicKey().isEmpty()) {
            throw new IllegalStateException("the projection signs checkpoints of the log: set LEDGER_CHECKPOINT_KEY_ID, LEDGER_CHECKPOINT_KEY "
                    + "(base64 PKCS#8) and LEDGER_CHECKPOINT_PUBLIC_KEY (base64 X.509) of an Ed25519 key pair (./ledger up makes one "
                    + "under .ledger/issuer). See README, \"Verifying the ledger\".");
        }
        key = Ed25519.SigningKey.of(keys.keyId().get(), keys.privateKey().get());
        Ed25519.PublicKeys.publicKey(keys.publicKey().get());
        publicKey = keys.publicKey().get().strip();
    }

    void onStart(@Observes StartupEvent start) {
        long every = config.checkpoints().every().toMillis();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "checkpoints");
            t.setDaemon(true);
            return t;
        });
        // The first after one interval: the audit schema is migrated at start (AdminAudit).
        timer.scheduleWithFixedDelay(() -> {
            try {
                checkpointIfChanged();
            } catch (Exception e) {
                LOG.warnf("no checkpoint this time: %s", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Key id to base64 X.509 public key. */
    public Map<String, String> publicKeys() {
        return Map.of(key.keyId(), publicKey);
    }

    /** Signs and keeps a checkpoint if any tree grew since the last one; the new checkpoint, if any. */
    public synchronized Optional<Checkpoint> checkpointIfChanged() throws SQLException {
        List<LogTrees.PartitionTree> trees = TreeSnapshot.read(dataSource, LogTrees::trees);
        if (trees.isEmpty()) {
            return Optional.empty();
        }
        if (trees.stream().anyMatch(t -> !t.complete())) {
            if (!incompleteSaid) {
                LOG.warn("no checkpoints: the log's trees were not kept from its start; POST /admin/replay rebuilds them");
                incompleteSaid = true;
            }
            return Optional.empty();
        }
        List<Checkpoint.PartitionRoot> roots = trees.stream().map(t -> new Checkpoint.PartitionRoot(t.partition(), t.size(), t.root())).toList();
        Optional<Checkpoint> latest = latest();
        if (latest.isPresent() && latest.get().partitions().equals(roots)) {
            return Optional.empty();
        }
        Checkpoint checkpoint = Checkpoint.sign(key, latest.map(Checkpoint::sequence).orElse(0L) + 1, config.topic().name(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), roots);
        try (Connection c = Schemas.connect(dataSource, Schemas.AUDIT)) {
            Sql.update(c, "INSERT INTO checkpoint (sequence, at, log_id, partitions, key_id, signature) VALUES (?, ?, ?, ?::jsonb, ?, ?) "
                            + "ON CONFLICT (sequence) DO NOTHING", checkpoint.sequence(), checkpoint.at(), checkpoint.logId(),
                    JSON.valueToTree(checkpoint.partitions()).toString(), checkpoint.keyId(), checkpoint.signature());
        }
        return Optional.of(checkpoint);
    }

    public Optional<Checkpoint> latest() throws SQLException {
        List<Checkpoint> newest = newestFirst(null, 1);
        return newest.isEmpty() ? Optional.empty() : Optional.of(newest.get(0));
    }

    public Optional<Checkpoint> bySequence(long sequence) throws SQLException {
        List<Checkpoint> found = select(" WHERE sequence = ?", List.of(sequence));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Newest first, those before sequence {@code before} (null: from the newest). */
    public List<Checkpoint> newestFirst(Long before, int limit) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String where = "";
        if (before != null) {
            where = " WHERE sequence < ?";
            parameters.add(before);
        }
        parameters.add(limit);
        return select(where + " ORDER BY sequence DESC LIMIT ?", parameters);
    }

    private List<Checkpoint> select(String rest, List<Object> parameters) throws SQLException {
        try (Connection c = Schemas.connect(dataSource, Schemas.AUDIT)) {
            return Sql.list(c, "SELECT sequence, log_id, at, partitions::text, key_id, signature FROM checkpoint" + rest, r -> {
                List<Checkpoint.PartitionRoot> roots = new ArrayList<>();
                try {
                    for (JsonNode p : JSON.readTree(r.getString(4))) {
                        roots.add(new Checkpoint.PartitionRoot(p.get("partition").asInt(), p.get("size").asLong(), p.get("root").asText()));
                    }
                } catch (java.io.IOException e) {
                    throw new SQLException("unreadable checkpoint partitions: " + e.getMessage(), e);
                }
                return new Checkpoint(r.getLong(1), r.getString(2), Sql.instant(r, "at"), roots, r.getString(5), r.getString(6));
            }, parameters.toArray());
        }
    }
}
