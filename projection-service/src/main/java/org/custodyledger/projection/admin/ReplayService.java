package org.custodyledger.projection.admin;

import org.custodyledger.projection.ProjectionConfig;
import org.custodyledger.projection.Schemas;
import org.custodyledger.projection.Sql;
import org.custodyledger.projection.consume.LiveSwitch;
import org.custodyledger.projection.consume.ProjectionProgress;
import org.custodyledger.projection.consume.RefusedRecords;
import org.custodyledger.projection.consume.LogCursor;
import org.custodyledger.projection.consume.UnitAssembler;
import org.custodyledger.projection.consume.WriteBehind;
import org.custodyledger.projection.query.LedgerQueries;
import org.custodyledger.projection.query.ReadModels;
import org.custodyledger.projection.write.ProjectionStore;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.custodyledger.events.ConsistencyToken;
import org.custodyledger.log.LogGap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Rebuilds every read model from the start of the log into {@link Schemas#SHADOW} while the live
 * schema keeps serving, then switches in one transaction (two schema renames) and keeps the old
 * models as {@link Schemas#PREVIOUS} until confirmed. A replay killed hard leaves only the shadow,
 * which the next start resumes from its own stored positions; the live models are never half-built.
 */
@ApplicationScoped
public class ReplayService {
    private static final Logger LOG = Logger.getLogger(ReplayService.class);

    /** REFUSED: built, but not switched, because the log was truncated or the rebuild holds fewer events than the live models. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ReplayPhase")
    public enum Phase { IDLE, BUILDING, BUILT, SWITCHING, SWITCHED, REFUSED, CONFIRMED, FAILED }

    /**
     * Where a replay stops: events that occurred after {@code upTo}, and records after
     * {@code upToPosition} (a consistency token), are left out. A bounded rebuild is for inspection
     * (its digest, its figures): it is never switched live.
     */
    public record Bound(Instant upTo, ConsistencyToken upToPosition) {
        static final Bound NONE = new Bound(null, null);

        boolean bounded() {
            return upTo != null || upToPosition != null;
        }
    }

    /**
     * @param logGaps records the rebuild could not read because the log no longer holds them
     * @param forcedReason why the operator switched although the checks refused it (null: not forced)
     */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ReplayStatus")
    public record Status(Phase phase, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) Instant startedAt, long eventsDone, long eventsTotal, double eventsPerSecond,
                         @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) Long etaSeconds, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) String digestBefore, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) String digestAfter, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) String message, List<String> logGaps,
                         @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) String forcedReason) {
        Status(Phase phase, Instant startedAt, long eventsDone, long eventsTotal, double eventsPerSecond,
               Long etaSeconds, String digestBefore, String digestAfter, String message) {
            this(phase, startedAt, eventsDone, eventsTotal, eventsPerSecond, etaSeconds, digestBefore, digestAfter, message, List.of(), null);
        }

        Status with(List<String> gaps, String forced) {
            return new Status(phase, startedAt, eventsDone, eventsTotal, eventsPerSecond, etaSeconds, digestBefore, digestAfter, message, gaps, forced);
        }
    }

    private final AgroalDataSource dataSource;
    private final ProjectionStore store;
    private final UnitAssembler assembler;
    private final LiveSwitch liveSwitch;
    private final ProjectionProgress progress;
    private final ProjectionConfig config;
    private final String bootstrapServers;
    private volatile Status status = new Status(Phase.IDLE, null, 0, 0, 0, null, null, null, "no replay has run since start");
    private Thread worker;

    private final org.custodyledger.projection.write.ApplierLease lease;

    ReplayService(AgroalDataSource dataSource, ProjectionStore store, UnitAssembler assembler, LiveSwitch liveSwitch,
                  ProjectionProgress progress, ProjectionConfig config, MeterRegistry metrics,
                  @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                  org.custodyledger.projection.write.ApplierLease lease) {
        this.lease = lease;
        this.dataSource = dataSource;
        this.store = store;
        this.assembler = assembler;
        this.liveSwitch = liveSwitch;
        this.progress = progress;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        Gauge.builder("ledger.replay.events.done", () -> status.eventsDone()).description("Records the running (or last) replay has applied").register(metrics);
        // Not ..._total: that suffix is for counters (Prometheus naming).
        Gauge.builder("ledger.replay.events.expected", () -> status.eventsTotal())
                .description("Records the running (or last) replay has to apply: the log's end when it started, or its bound").register(metrics);
        Gauge.builder("ledger.replay.events.per.second", () -> status.eventsPerSecond()).description("The replay's rate, records per second").register(metrics);
        for (Phase phase : Phase.values()) {
            Gauge.builder("ledger.replay.phase", () -> status.phase() == phase ? 1 : 0).tag("phase", phase.name())
                    .description("1 for the phase the running (or last) replay is in: BUILDING, SWITCHED, REFUSED, FAILED, ...").register(metrics);
        }
    }

    /** A shadow left by a replay that was killed is resumed, not abandoned (a finished bounded one is left for inspection). */
    void onStart(@Observes StartupEvent start) throws SQLException {
        if (schemaExists(Schemas.SHADOW)) {
            LOG.info("an unfinished replay left a shadow schema; resuming it");
            start();
        }
    }

    public Status status() {
        return status;
    }

    /** Starts a full replay; false if one is already building or switching. */
    public synchronized boolean start() {
        return start(Bound.NONE, null);
    }

    /**
     * Starts a replay; false if one is already building or switching.
     *
     * @param forceReason non-null: switch even where the log was truncated or the rebuild holds fewer
     *                    events than the live models, and record this reason with the switch
     */
    public synchronized boolean start(Bound bound, String forceReason) {
        if (worker != null && worker.isAlive()) {
            if (status.phase() == Phase.BUILDING || status.phase() == Phase.SWITCHING) {
                return false;
            }
            // Its outcome is known; the thread is only closing its consumer.
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        status = new Status(Phase.BUILDING, Instant.now(), 0, 0, 0, null, null, null, "starting").with(List.of(), forceReason);
        worker = new Thread(() -> run(bound, forceReason), "replay");
        worker.setDaemon(true);
        worker.start();
        return true;
    }

    /** Drops the models the last switch replaced; until then they are kept as projection_previous. */
    public synchronized Status confirm() throws SQLException {
        if (status.phase() != Phase.SWITCHED) {
            return status;
        }
        execute("DROP SCHEMA IF EXISTS " + Schemas.PREVIOUS + " CASCADE");
        status = new Status(Phase.CONFIRMED, status.startedAt(), status.eventsDone(), status.eventsTotal(), status.eventsPerSecond(),
                0L, status.digestBefore(), status.digestAfter(), "switch confirmed; the previous read models are dropped");
        return status;
    }

    /** Drops a shadow (a bounded rebuild kept for inspection, or an unfinished one). */
    public synchronized Status discard() throws SQLException, InterruptedException {
        if ((status.phase() == Phase.BUILDING || status.phase() == Phase.SWITCHING) && worker != null && worker.isAlive()) {
            return status; // still running: it would rebuild what we drop
        }
        if (worker != null) {
            worker.join(10_000);
        }
        execute("DROP SCHEMA IF EXISTS " + Schemas.SHADOW + " CASCADE");
        status = new Status(Phase.IDLE, null, 0, 0, 0, null, null, null, "shadow read models dropped");
        return status;
    }

    /**
     * The digest of a schema's read models, with the positions it covers, from one snapshot.
     *
     * @param pendingDerivations what units committed while catching up left to derive: while any
     *                           is pending, facts are ahead of what is derived from them and the
     *                           digest is of no state the log ever had
     */
    public record Digest(String value, Map<Integer, Long> positions, long pendingDerivations) {
        public boolean complete() {
            return pendingDerivations == 0;
        }
    }

    public Digest digest(String schema) throws SQLException {
        try (Connection c = Schemas.connect(dataSource, schema)) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return new Digest(new LedgerQueries(c, ReadModels.CURRENT).digest(), ProjectionStore.positions(c),
                        ProjectionStore.pendingDerivations(c));
            } finally {
                c.rollback();
            }
        }
    }

    private void run(Bound requested, String forceReason) {
        Instant started = status.startedAt();
        try {
            Flyway.configure().dataSource(dataSource).schemas(Schemas.SHADOW).defaultSchema(Schemas.SHADOW)
                    .locations("classpath:db/projection").load().migrate();
            Bound bound = rememberBound(requested);
            try (LogCursor log = new LogCursor(bootstrapServers, config.projection().maxPollRecords(), assembler, false)) {
                List<TopicPartition> partitions = log.partitions(config.topic().name(), Duration.ofSeconds(10));
                Map<Integer, Long> positions = new HashMap<>(store.positions(Schemas.SHADOW));
                // Where the log no longer starts at what the rebuild needs, it can only read from the log's
                // start; the gap is kept in the shadow, and the switch is refused unless forced.
                List<LogGap> gaps = log.gaps(partitions, positions);
                if (!gaps.isEmpty()) {
                    store.recordGaps(Schemas.SHADOW, gaps);
                    gaps.forEach(g -> LOG.errorf("replay: the log has a gap: %s; the rebuild will not be switched live unless forced", g));
                    gaps.forEach(g -> positions.put(g.partition(), g.logStart()));
                }
                log.start(partitions, positions);
                Map<TopicPartition, Long> end = new HashMap<>(log.endOffsets(partitions));
                if (bound.upToPosition() != null) {
                    end.replaceAll((p, offset) -> Math.min(offset, bound.upToPosition().offsets().getOrDefault(p.partition(), -1L) + 1));
                }
                log.endAt(end);
                long total = end.values().stream().mapToLong(Long::longValue).sum();
                long done = positions.values().stream().mapToLong(Long::longValue).sum();
                long startDone = done;
                try (WriteBehind writes = new WriteBehind("replay-writer")) {
                    while (!log.reached(end)) {
                        LogCursor.Read read = log.poll(Duration.ofMillis(500));
                        if (read.isEmpty()) {
                            continue;
                        }
                        ProjectionStore.Unit unit = withinEventTime(read.unit(), bound);
                        // A rebuild derives once, at the end (deriveShadow): per unit it would be quadratic in the log.
                        writes.submit(() -> RefusedRecords.commit(store, Schemas.SHADOW, unit, false));
                        done = partitions.stream().mapToLong(log::position).sum();
                        double seconds = Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
                        double rate = (done - startDone) / seconds;
                        status = new Status(Phase.BUILDING, started, done, total, rate,
                                rate > 0 ? (long) Math.ceil((total - done) / rate) : null, null, null, "building " + Schemas.SHADOW)
                                .with(status.logGaps(), forceReason);
                    }
                    writes.await();
                }
                // Derived before the switch takes the live lock, so the live models pause only for the last few records.
                deriveShadow(started, done, total);
                if (bound.bounded()) {
                    String digest = digest(Schemas.SHADOW).value();
                    status = new Status(Phase.BUILT, started, done, total, status.eventsPerSecond(), 0L, null, digest,
                            "built " + Schemas.SHADOW + " up to " + (bound.upTo() != null ? "event time " + bound.upTo() + " " : "")
                                    + (bound.upToPosition() != null ? "position " + bound.upToPosition() : "")
                                    + "; a bounded rebuild is not switched live. DELETE /admin/replay drops it");
                    return;
                }
                execute("DELETE FROM " + Schemas.SHADOW + ".replay_bound"); // it becomes the live schema
                switchToShadow(log, started, done, total, forceReason);
            }
        } catch (Throwable e) { // an Error too: a replay must never stay BUILDING or SWITCHING with no thread behind it
            LOG.error("replay failed; the live read models are untouched", e);
            status = new Status(Phase.FAILED, started, status.eventsDone(), status.eventsTotal(), 0, null, null, null,
                    "replay failed: " + e.getMessage() + ". The live read models are untouched; POST /admin/replay again to resume.");
        }
    }

    /** The unit without events after the replay's event-time bound, if it has one. */
    private static ProjectionStore.Unit withinEventTime(ProjectionStore.Unit unit, Bound bound) {
        if (bound.upTo() == null) {
            return unit;
        }
        return new ProjectionStore.Unit(unit.events().stream().filter(e -> !e.envelope().occurredAt().isAfter(bound.upTo())).toList(),
                unit.rejected(), unit.nextOffsets(), unit.leaves());
    }

    /** Derives what the rebuilt units touched (facility and operation figures, population anomalies). */
    private void deriveShadow(Instant started, long done, long total) throws SQLException {
        status = new Status(status.phase(), started, done, total, status.eventsPerSecond(), null, null, null,
                "deriving figures and anomalies in " + Schemas.SHADOW);
        store.commit(Schemas.SHADOW, ProjectionStore.Unit.EMPTY, true);
    }

    /** A resumed replay keeps the bound it was started with: it is stored in the shadow itself. */
    private Bound rememberBound(Bound requested) throws SQLException {
        try (Connection c = Schemas.connect(dataSource, Schemas.SHADOW)) {
            List<Bound> stored = Sql.list(c, "SELECT up_to, up_to_position FROM replay_bound", r -> new Bound(Sql.instant(r, "up_to"),
                    r.getString(2) == null ? null : ConsistencyToken.parse(r.getString(2))));
            if (!stored.isEmpty()) {
                return stored.get(0);
            }
            Sql.update(c, "INSERT INTO replay_bound VALUES (?, ?)", requested.upTo(),
                    requested.upToPosition() == null ? null : requested.upToPosition().toString());
            return requested;
        }
    }

    /**
     * Pauses the live consumer, lets the shadow catch up with it, and renames both schemas in one
     * transaction, unless the rebuild is short of the live models (the log was truncated, or it
     * applied fewer events than they hold) and the operator did not force it with a reason.
     */
    private void switchToShadow(LogCursor log, Instant started, long done, long total, String forceReason) throws Exception {
        status = new Status(Phase.SWITCHING, started, done, total, status.eventsPerSecond(), 0L, null, null, "catching up with the live models")
                .with(status.logGaps(), forceReason);
        liveSwitch.lock().lock();
        try {
            Map<TopicPartition, Long> live = new HashMap<>();
            store.positions(Schemas.LIVE).forEach((p, offset) -> live.put(new TopicPartition(config.topic().name(), p), offset));
            log.endAt(live);
            while (!log.reached(live)) {
                LogCursor.Read read = log.poll(Duration.ofMillis(200));
                if (!read.isEmpty()) {
                    RefusedRecords.commit(store, Schemas.SHADOW, read.unit(), false);
                    done = log.assigned().stream().mapToLong(log::position).sum();
                }
            }
            deriveShadow(started, done, total);
            // The live consumer may have deferred derivations (catching up): done here, under its
            // lock, the live digest is of the log up to its positions, as the rebuild's is.
            store.commit(Schemas.LIVE, ProjectionStore.Unit.EMPTY, true);
            String before = digest(Schemas.LIVE).value();
            List<String> gaps = store.logGaps(Schemas.SHADOW).stream()
                    .map(g -> new LogGap(g.partition(), g.neededOffset(), g.logStartOffset()).toString()).toList();
            long liveEvents = store.appliedEvents(Schemas.LIVE);
            long rebuiltEvents = store.appliedEvents(Schemas.SHADOW);
            List<String> shortfalls = new java.util.ArrayList<>();
            if (!gaps.isEmpty()) {
                shortfalls.add("the log was truncated (" + String.join("; ", gaps) + ")");
            }
            if (rebuiltEvents < liveEvents) {
                shortfalls.add("the rebuild applied " + rebuiltEvents + " events, the live models hold " + liveEvents);
            }
            if (!shortfalls.isEmpty() && forceReason == null) {
                status = new Status(Phase.REFUSED, started, done, total, status.eventsPerSecond(), 0L, before, digest(Schemas.SHADOW).value(),
                        "not switched: " + String.join("; ", shortfalls) + ". The live read models are untouched. Restore the log from an "
                                + "export (ledger cli import), or switch anyway with POST /admin/replay?force=true&reason=...; "
                                + "DELETE /admin/replay drops the rebuild").with(gaps, null);
                LOG.errorf("replay not switched: %s", String.join("; ", shortfalls));
                return;
            }
            try (Connection c = Schemas.connect(dataSource, Schemas.SHADOW)) {
                Sql.update(c, "INSERT INTO replay_switch (events_before, events_after, log_gaps, forced_reason) VALUES (?, ?, ?, ?)",
                        liveEvents, rebuiltEvents, gaps.isEmpty() ? null : String.join("; ", gaps), shortfalls.isEmpty() ? null : forceReason);
                Sql.update(c, "UPDATE log_gap SET accepted_at = now(), accepted_reason = ? WHERE accepted_at IS NULL",
                        "replay switched by force: " + forceReason);
            }
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                lease.check(c); // only the applier switches what every instance reads
                s.execute("DROP SCHEMA IF EXISTS " + Schemas.PREVIOUS + " CASCADE");
                s.execute("ALTER SCHEMA " + Schemas.LIVE + " RENAME TO " + Schemas.PREVIOUS);
                s.execute("ALTER SCHEMA " + Schemas.SHADOW + " RENAME TO " + Schemas.LIVE);
                c.commit();
            }
            Map<Integer, Long> next = new HashMap<>(store.positions(Schemas.LIVE));
            progress.advanced(next);
            progress.modelsReplaced();
            liveSwitch.requestReload();
            String after = digest(Schemas.LIVE).value();
            String forced = shortfalls.isEmpty() ? null : forceReason;
            status = new Status(Phase.SWITCHED, started, done, total, status.eventsPerSecond(), 0L, before, after,
                    (forced != null ? "switched by force (" + String.join("; ", shortfalls) + "), reason recorded: " + forced + ". " : "")
                    + (before.equals(after) ? "switched; digest unchanged. POST /admin/replay/confirm to drop the previous models"
                            : "switched; the digest changed (the rebuilt models differ from the old ones). Previous models kept as "
                            + Schemas.PREVIOUS + " until confirmed")).with(gaps, forced);
            LOG.infof("replay switched: %d records, digest before %s after %s%s", done, before, after, forced != null ? ", forced: " + forced : "");
        } finally {
            liveSwitch.lock().unlock();
        }
    }

    private boolean schemaExists(String schema) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return !Sql.list(c, "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?", r -> 1, schema).isEmpty();
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
