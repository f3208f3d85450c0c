package org.custodyledger.projection.consume;

import org.custodyledger.projection.ProjectionConfig;
import org.custodyledger.projection.Schemas;
import org.custodyledger.projection.push.ChangeFeed;
import org.custodyledger.projection.derive.Changes;
import org.custodyledger.projection.write.ApplierLease;
import org.custodyledger.projection.write.ProjectionStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.custodyledger.log.LogGap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads the log and applies it. Positions live in PostgreSQL, not in Kafka's group offsets, so the
 * events and the position that covers them are committed in one transaction: after a crash the
 * projection resumes exactly where its last commit ended. Of several instances, the one holding
 * the {@link ApplierLease} reads and applies every partition; the others follow the positions it
 * commits and serve reads from the same read models, trying for the lease every second, so one
 * takes over within seconds of the applier's death. A position the log no longer holds is a gap,
 * never a jump (see {@link #withoutGaps}).
 */
@ApplicationScoped
public class ProjectionConsumer {
    private static final Logger LOG = Logger.getLogger(ProjectionConsumer.class);

    private final ProjectionConfig config;
    private final ProjectionStore store;
    private final ProjectionProgress progress;
    private final UnitAssembler assembler;
    private final LiveSwitch liveSwitch;
    private final ChangeFeed feed;
    private final LogHealth health;
    private final DeadLetters deadLetters;
    private final io.micrometer.core.instrument.Counter unitsApplied;
    /** Unit commits, those that derived apart from those that deferred their derivation. */
    private final io.micrometer.core.instrument.Timer deriving;
    private final io.micrometer.core.instrument.Timer deferring;
    private final String bootstrapServers;
    private volatile boolean stopping;
    private Thread thread;
    /** Units committed with their derivations deferred: their positions and changes, published once derived. */
    private final Map<Integer, Long> undelivered = new java.util.HashMap<>();
    private Changes undeliveredChanges = Changes.NONE;
    private long lastDerived = System.nanoTime();
    private long lastDeriveCost;

    private final io.micrometer.core.instrument.MeterRegistry metrics;
    private final ApplierLease lease;
    private final StandbyFollower follower;

    ProjectionConsumer(ProjectionConfig config, ProjectionStore store, ProjectionProgress progress, UnitAssembler assembler,
                       LiveSwitch liveSwitch, ChangeFeed feed, LogHealth health, DeadLetters deadLetters,
                       io.micrometer.core.instrument.MeterRegistry metrics,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, ApplierLease lease,
                       StandbyFollower follower) {
        this.lease = lease;
        this.follower = follower;
        io.micrometer.core.instrument.Gauge.builder("ledger.projection.applier", () -> lease.applier() ? 1 : 0)
                .description("1 on the instance that applies the log, 0 on one that follows it and serves reads").register(metrics);
        this.metrics = metrics;
        this.assembler = assembler;
        this.liveSwitch = liveSwitch;
        this.feed = feed;
        this.health = health;
        this.deadLetters = deadLetters;
        this.unitsApplied = io.micrometer.core.instrument.Counter.builder("ledger.projection.units")
                .description("Units of work (a poll of the log) committed to the read models").register(metrics);
        String commit = "Time to commit a unit of work: derived=true when its figures and anomalies were derived in it, false when deferred";
        this.deriving = io.micrometer.core.instrument.Timer.builder("ledger.projection.unit.commit").description(commit).tag("derived", "true").register(metrics);
        this.deferring = io.micrometer.core.instrument.Timer.builder("ledger.projection.unit.commit").description(commit).tag("derived", "false").register(metrics);
        this.config = config;
        this.store = store;
        this.progress = progress;
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes StartupEvent start) {
        thread = new Thread(this::run, "projection-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent stop) throws InterruptedException {
        stopping = true;
        if (thread != null) {
            thread.join(10_000);
        }
    }

    private void run() {
        while (!stopping) {
            if (!takeTurn()) {
                follower.follow();
                sleepQuietly(FOLLOW_MILLIS);
                continue;
            }
            try (LogCursor log = new LogCursor(bootstrapServers, config.projection().maxPollRecords(), assembler, true).observedBy(metrics);
                 WriteBehind writes = new WriteBehind("projection-writer")) {
                Map<Integer, Long> positions = store.positions(Schemas.LIVE);
                // A crash while catching up can leave derivations pending: do them before serving these positions.
                apply(ProjectionStore.Unit.EMPTY, List.of(), true);
                progress.advanced(positions);
                List<TopicPartition> readable = withoutGaps(log, awaitPartitions(log), positions);
                log.start(readable, positions);
                progress.running(true);
                health.advanced();
                LOG.infof("projecting %s from positions %s", config.topic().name(), positions);
                long sessionChecked = System.nanoTime();
                while (!stopping) {
                    // A round trip to PostgreSQL, so once a second: each unit is fenced by the database anyway.
                    if (System.nanoTime() - sessionChecked > 1_000_000_000L) {
                        sessionChecked = System.nanoTime();
                        if (!lease.held()) {
                            LOG.error("this instance lost its session holding the applier lease; it stops applying and follows whoever takes over");
                            lease.release();
                            break;
                        }
                    }
                    if (readable.isEmpty()) {
                        // Every partition is at a gap: nothing may be applied until it is restored or accepted.
                        sleepQuietly(500);
                        if (liveSwitch.takeReload()) {
                            break;
                        }
                        continue;
                    }
                    LogCursor.Read read = log.poll(Duration.ofMillis(500)); // while the previous unit is written
                    long unread = measureLag(log);
                    writes.await();
                    if (liveSwitch.takeReload()) {
                        LOG.info("read models switched by a replay, or a gap accepted; reloading positions");
                        break;
                    }
                    if (!read.isEmpty() || !undelivered.isEmpty()) {
                        boolean derive = deriveNow(unread);
                        writes.submit(() -> apply(read.unit(), read.records(), derive));
                    }
                    progress.lag(health.totalLag());
                }
            } catch (OffsetOutOfRangeException e) {
                // The log lost records past our position while we read: the restart reports the gap.
                progress.running(false);
                health.failed("the log no longer holds offsets " + e.offsetOutOfRangePartitions() + " this projection needs");
                LOG.errorf("the log no longer holds records this projection needs (%s); not applying past them", e.offsetOutOfRangePartitions());
            } catch (Throwable e) {
                ApplierLease.NotTheApplier refused = refusal(e);
                if (refused != null) {
                    LOG.errorf("the database refused this instance's unit: %s", refused.getMessage());
                    lease.release();
                    continue;
                }
                // Never let the consumer thread die silently: readiness goes down and it starts over.
                // (An OutOfMemoryError ends the process instead: -XX:+ExitOnOutOfMemoryError.)
                progress.running(false);
                health.failed(e.toString());
                if (!stopping) {
                    // A broker or database outage: start over from the committed positions.
                    LOG.warnf("projection interrupted (%s); resuming from the stored positions in 2 s", e.toString());
                    sleepQuietly(2_000);
                }
            }
        }
        progress.running(false);
        lease.release();
    }

    /** How often a follower reads the applier's positions and tries for the lease. */
    static final long FOLLOW_MILLIS = 250;
    private long lastTry;

    /** Whether this instance applies the log: it holds the lease, or took it now (at most once a second). */
    private boolean takeTurn() {
        if (lease.applier()) {
            if (lease.held()) {
                return true;
            }
            lease.release(); // its session ended (a database outage, say): take the lock again, as a new epoch
        }
        if (System.nanoTime() - lastTry < 1_000_000_000L) {
            return false;
        }
        lastTry = System.nanoTime();
        try {
            var epoch = lease.tryAcquire();
            if (epoch.isPresent()) {
                LOG.infof("this instance (%s) applies the log now, as epoch %d", lease.name(), epoch.get());
                return true;
            }
        } catch (java.sql.SQLException e) {
            LOG.debugf("no applier lease this time: %s", e);
        }
        return false;
    }

    /** The database's refusal of this instance's turn, if that is what failed (perhaps wrapped); else null. */
    private static ApplierLease.NotTheApplier refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApplierLease.NotTheApplier refused) {
                return refused;
            }
        }
        return null;
    }

    /**
     * The partitions that can be read from the stored positions. Where the log now starts past a
     * position (records deleted), that partition is not read at all: applying from the log's start
     * would skip the missing records silently. The gap is kept as an anomaly and makes readiness
     * DOWN until the log is restored or the gap accepted (POST /admin/gaps/accept).
     */
    private List<TopicPartition> withoutGaps(LogCursor log, List<TopicPartition> partitions, Map<Integer, Long> positions)
            throws java.sql.SQLException {
        List<LogGap> gaps = log.gaps(partitions, positions);
        health.gaps(gaps);
        if (gaps.isEmpty()) {
            return partitions;
        }
        store.recordGaps(Schemas.LIVE, gaps);
        for (LogGap gap : gaps) {
            LOG.errorf("the log has a gap: %s. Nothing of that partition is applied past it. Restore the log from an export "
                    + "(ledger cli import into a fresh topic) or accept the loss: POST /admin/gaps/accept?reason=...", gap);
        }
        java.util.Set<Integer> gapped = new java.util.HashSet<>();
        gaps.forEach(g -> gapped.add(g.partition()));
        // A gapped partition is not read, so its lag is measured here: from the missing position to the log's end.
        Map<TopicPartition, Long> end = log.endOffsets(partitions);
        gaps.forEach(g -> health.lag(g.partition(), end.getOrDefault(new TopicPartition(config.topic().name(), g.partition()), g.logStart()) - g.needed()));
        return partitions.stream().filter(p -> !gapped.contains(p.partition())).toList();
    }

    /**
     * Records past the published position per partition; the log's end is the consumer's fetch
     * position plus its lag. Returns the records not read yet (the total lag where a partition's
     * end is not known): once all are read, what was deferred is derived at once, not seconds later.
     */
    private long measureLag(LogCursor log) {
        Map<Integer, Long> published = progress.nextOffsets();
        long unread = 0;
        boolean known = true;
        for (TopicPartition p : log.assigned()) {
            java.util.OptionalLong lag = log.currentLag(p);
            if (lag.isPresent()) {
                health.lag(p.partition(), log.position(p) + lag.getAsLong() - published.getOrDefault(p.partition(), 0L));
                health.position(p.partition(), published.getOrDefault(p.partition(), 0L));
                unread += lag.getAsLong();
            } else {
                known = false;
            }
        }
        return known ? unread : health.totalLag();
    }

    /** See {@link DerivationPace}. */
    private boolean deriveNow(long lag) {
        int poll = config.projection().maxPollRecords();
        return DerivationPace.due(lag, System.nanoTime() - lastDerived, lastDeriveCost, poll, lag > poll && freshBuild());
    }

    /** Whether the live schema is a fresh build still without its deferred indexes; asked only while catching up. */
    private boolean freshBuild() {
        try {
            return store.freshBuild(Schemas.LIVE);
        } catch (java.sql.SQLException e) {
            return false; // derive as any catch-up does; the unit's own transaction will meet the same database
        }
    }

    /** @param records the unit's records as read, to dead-letter those the database refuses */
    private void apply(ProjectionStore.Unit unit, List<ConsumerRecord<String, byte[]>> records, boolean derive) throws Exception {
        Changes changes;
        long started = System.nanoTime();
        liveSwitch.lock().lock();
        try {
            RefusedRecords.Committed committed = RefusedRecords.commit(store, Schemas.LIVE, unit, derive);
            changes = committed.changes();
            for (RefusedRecords.Refused refused : committed.refused()) {
                LOG.errorf("the database refused the record at partition %d offset %d; dead-lettered: %s",
                        refused.event().partition(), refused.event().offset(), refused.reason());
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (record.partition() == refused.event().partition() && record.offset() == refused.event().offset()) {
                        deadLetters.send(record, refused.reason());
                    }
                }
            }
        } finally {
            liveSwitch.lock().unlock();
        }
        health.advanced();
        undelivered.putAll(unit.nextOffsets());
        undeliveredChanges = undeliveredChanges.and(changes);
        long cost = System.nanoTime() - started;
        unitsApplied.increment();
        (derive ? deriving : deferring).record(cost, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (derive) {
            if (lastDeriveCost > 1_000_000_000L || cost > 1_000_000_000L) {
                LOG.infof("derived figures and anomalies of everything read so far in %d ms", cost / 1_000_000);
            }
            lastDeriveCost = cost;
            lastDerived = System.nanoTime();
            // Readers see a position only once everything before it is derived.
            progress.advanced(undelivered);
            feed.publish(undeliveredChanges, progress.position());
            undelivered.clear();
            undeliveredChanges = Changes.NONE;
        }
    }

    private List<TopicPartition> awaitPartitions(LogCursor log) {
        while (!stopping) {
            List<TopicPartition> partitions = log.partitions(config.topic().name(), Duration.ofSeconds(5));
            if (!partitions.isEmpty()) {
                return partitions;
            }
            LOG.infof("topic %s does not exist yet; waiting for the ingest service to create it", config.topic().name());
            sleepQuietly(1_000);
        }
        return List.of();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
