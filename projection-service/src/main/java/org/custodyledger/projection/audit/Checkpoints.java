package org.custodyledger.projection.audit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.custodyledger.audit.Checkpoint;
import org.custodyledger.projection.ProjectionConfig;
import org.custodyledger.projection.ProjectionKey;
import org.custodyledger.projection.query.CheckpointStore;
import org.custodyledger.projection.query.LogTrees;
import org.jboss.logging.Logger;

/**
 * Signs a checkpoint of the log's trees (each partition's size and root) whenever the projection
 * has read records since the last one, checked every {@code ledger.checkpoints.every}; kept in
 * {@code projection_audit.checkpoint} ({@link CheckpointStore}).
 */
@ApplicationScoped
public class Checkpoints {
    private static final Logger LOG = Logger.getLogger(Checkpoints.class);

    private final AgroalDataSource dataSource;
    private final ProjectionConfig config;
    private final ProjectionKey key;
    private ScheduledExecutorService timer;
    private volatile boolean incompleteSaid;

    Checkpoints(AgroalDataSource dataSource, ProjectionConfig config, ProjectionKey key) {
        this.dataSource = dataSource;
        this.config = config;
        this.key = key;
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
        Optional<Checkpoint> latest = CheckpointStore.latest(dataSource);
        if (latest.isPresent() && latest.get().partitions().equals(roots)) {
            return Optional.empty();
        }
        Checkpoint checkpoint = Checkpoint.sign(key.signing(), latest.map(Checkpoint::sequence).orElse(0L) + 1, config.topic().name(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), roots);
        CheckpointStore.add(dataSource, checkpoint);
        return Optional.of(checkpoint);
    }
}
