package org.custodyledger.projection.audit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Duration;
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
import org.custodyledger.projection.query.LedgerQueries;
import org.custodyledger.projection.query.LogTrees;
import org.custodyledger.projection.query.ReadModels;
import org.custodyledger.projection.write.ProjectionStore;
import org.jboss.logging.Logger;

/**
 * Signs a checkpoint of the log's trees (each partition's size and root) whenever the projection
 * has read records since the last one, checked every {@code ledger.checkpoints.every}, with the
 * read models' digest every {@code ledger.checkpoints.digest-every}; kept in
 * {@code projection_audit.checkpoint} ({@link CheckpointStore}) and sent to {@link CheckpointTopic}.
 */
@ApplicationScoped
public class Checkpoints {
    private static final Logger LOG = Logger.getLogger(Checkpoints.class);
    /** A digest reads every read model: minutes at a million events. */
    private static final Duration DIGEST_TIMEOUT = Duration.ofMinutes(15);

    private final AgroalDataSource dataSource;
    private final ProjectionConfig config;
    private final ProjectionKey key;
    private ScheduledExecutorService timer;
    private final CheckpointTopic topic;
    private volatile boolean incompleteSaid;
    private volatile boolean topicFailureSaid;
    private Instant lastDigest;

    private final org.custodyledger.projection.write.ApplierLease lease;

    Checkpoints(AgroalDataSource dataSource, ProjectionConfig config, ProjectionKey key, CheckpointTopic topic,
                org.custodyledger.projection.write.ApplierLease lease) {
        this.lease = lease;
        this.dataSource = dataSource;
        this.config = config;
        this.key = key;
        this.topic = topic;
    }

    void onStart(@Observes StartupEvent start) {
        if (!config.checkpoints().trees()) {
            LOG.warn("LEDGER_TREES=false: the log's Merkle trees are not kept, so no checkpoint is signed and no answer attested");
            return;
        }
        long every = config.checkpoints().every().toMillis();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "checkpoints");
            t.setDaemon(true);
            return t;
        });
        // The first after one interval: the audit schema is migrated at start (AdminAudit).
        timer.scheduleWithFixedDelay(() -> {
            try {
                if (lease.applier()) { // one signer of the log's checkpoints: the instance that applies it
                    checkpointIfChanged();
                }
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

    /** The trees, and the read models' digest when asked and nothing is pending derivation, from one snapshot. */
    private record State(List<LogTrees.PartitionTree> trees, String digest) {
    }

    /**
     * Signs and keeps a checkpoint if any tree grew since the last one, or if a digest is due and
     * the last has none; then brings the checkpoint topic up to date. The new checkpoint, if any.
     */
    public synchronized Optional<Checkpoint> checkpointIfChanged() throws SQLException {
        boolean digestDue = lastDigest == null || Duration.between(lastDigest, Instant.now()).compareTo(config.checkpoints().digestEvery()) >= 0;
        State state = TreeSnapshot.read(dataSource, digestDue ? DIGEST_TIMEOUT : Duration.ofSeconds(5), c -> {
            List<LogTrees.PartitionTree> trees = LogTrees.trees(c);
            boolean digestible = digestDue && !trees.isEmpty() && trees.stream().allMatch(LogTrees.PartitionTree::complete)
                    && ProjectionStore.pendingDerivations(c) == 0;
            return new State(trees, digestible ? new LedgerQueries(c, ReadModels.CURRENT)
                    .digest(org.custodyledger.projection.query.DigestPace.resting(1.0)) : null); // background work: see DigestPace
        });
        List<LogTrees.PartitionTree> trees = state.trees();
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
        if (state.digest() != null) {
            lastDigest = Instant.now();
        }
        List<Checkpoint.PartitionRoot> roots = trees.stream().map(t -> new Checkpoint.PartitionRoot(t.partition(), t.size(), t.root())).toList();
        Optional<Checkpoint> latest = CheckpointStore.latest(dataSource);
        Optional<Checkpoint> made = Optional.empty();
        boolean grew = latest.isEmpty() || !latest.get().partitions().equals(roots);
        boolean digestNew = state.digest() != null && latest.isPresent() && !state.digest().equals(latest.get().readModelDigest());
        if (grew || digestNew) {
            Checkpoint checkpoint = Checkpoint.sign(key.signing(), latest.map(Checkpoint::sequence).orElse(0L) + 1, config.topic().name(),
                    Instant.now().truncatedTo(ChronoUnit.MICROS), roots, state.digest());
            CheckpointStore.add(dataSource, checkpoint);
            made = Optional.of(checkpoint);
        }
        try {
            topic.catchUp();
        } catch (Exception e) {
            if (!topicFailureSaid) {
                LOG.warnf("checkpoints are not reaching %s (%s); they are kept in the database and sent when it answers", topic.topic(), e.toString());
                topicFailureSaid = true;
            }
            return made;
        }
        topicFailureSaid = false;
        return made;
    }
}
