package org.custodyledger.projection.write;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.custodyledger.projection.Schemas;
import org.custodyledger.projection.Sql;
import org.jboss.logging.Logger;

/**
 * Keeps the planner's statistics of the tables the log fills true. Autovacuum analyses them too,
 * but only on its next round (a minute apart by default), and a log read at thousands of events a
 * second has grown them many times over by then: every derivation and every live unit meanwhile
 * is planned for tables of a fraction of their size (an operation's transfers read whole by the
 * wrong index, merkle nodes hashed whole), tens of milliseconds a statement instead of one.
 *
 * <p>So each table that changed by more than a tenth since it was last analysed is analysed: by
 * the derivation that ends a catch-up, in its own transaction, before it derives (it is long
 * anyway, and it is planned on the result); and, looked at every {@link #CHECK_EVERY_NANOS ten
 * seconds} of live units (a log that grows fast while the projection keeps up with it), on a
 * connection of its own, so no live unit waits for it. On a large table that is rare: a million
 * rows take 100,000 changes.
 */
final class TableStatistics {
    private static final Logger LOG = Logger.getLogger(TableStatistics.class);
    static final long CHECK_EVERY_NANOS = 10_000_000_000L;
    /** Rows changed since the last ANALYZE, over the rows the table has, above which it is analysed. */
    static final double STALE_FRACTION = 0.1;
    /** Below this many changed rows no plan changes: small tables are left to autovacuum. */
    static final long STALE_ROWS = 1_000;

    private final AgroalDataSource dataSource;
    private final Map<String, Long> checked = new ConcurrentHashMap<>();
    private final AtomicBoolean analysing = new AtomicBoolean();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "table-statistics");
        t.setDaemon(true);
        return t;
    });

    TableStatistics(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The pure rule: whether a live derivation looks at the statistics, given the time since the last look. */
    static boolean checkDue(long sinceLastCheckNanos) {
        return sinceLastCheckNanos >= CHECK_EVERY_NANOS;
    }

    /** The pure rule: whether a table's statistics are stale enough to analyse. */
    static boolean stale(long changedSinceAnalyze, long liveRows) {
        return changedSinceAnalyze > STALE_ROWS && changedSinceAnalyze > STALE_FRACTION * liveRows;
    }

    /**
     * Before a derivation, in its transaction: a catch-up's analyses the stale tables now; a live
     * one, if a look is due, hands them to the background (at most one analysis at a time).
     */
    void beforeDeriving(Connection c, String schema, boolean endsCatchUp) throws SQLException {
        if (endsCatchUp) {
            analyse(c, staleTables(c));
            checked.put(schema, System.nanoTime());
            return;
        }
        Long last = checked.get(schema);
        if (last != null && !checkDue(System.nanoTime() - last)) {
            return;
        }
        checked.put(schema, System.nanoTime());
        List<Counts> stale = staleTables(c);
        if (!stale.isEmpty() && analysing.compareAndSet(false, true)) {
            worker.execute(() -> {
                try (Connection own = Schemas.connect(dataSource, schema)) {
                    analyse(own, stale);
                } catch (SQLException e) {
                    LOG.warnf("analysing the stale tables of %s: %s (autovacuum will in its next round)", schema, e.getMessage());
                } finally {
                    analysing.set(false);
                }
            });
        }
    }

    /** @param live the rows the planner believes the table has */
    record Counts(String table, long changed, long live) {
        @Override
        public String toString() {
            return table + " (" + changed + " rows changed, " + live + " when last analysed)";
        }
    }

    /** The tables of {@link DeferredIndexes#FILLED} whose statistics are {@link #stale}. */
    static List<Counts> staleTables(Connection c) throws SQLException {
        // Against the rows the planner believes the table has (pg_class.reltuples, -1 if never
        // analysed), not n_live_tup: pg_stat_reset() zeroes that, and every table would look stale.
        return Sql.list(c, "SELECT s.relname, s.n_mod_since_analyze, greatest(c.reltuples, 0)::bigint FROM pg_stat_user_tables s "
                        + "JOIN pg_class c ON c.oid = s.relid WHERE s.schemaname = current_schema() AND s.relname = ANY (?) ORDER BY s.relname",
                r -> new Counts(r.getString(1), r.getLong(2), r.getLong(3)), DeferredIndexes.FILLED).stream()
                .filter(t -> stale(t.changed(), t.live())).toList();
    }

    private static void analyse(Connection c, List<Counts> stale) throws SQLException {
        if (stale.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        try (Statement s = c.createStatement()) {
            for (Counts table : stale) {
                s.execute("ANALYZE " + table.table());
            }
        }
        LOG.infof("analysed %s in %d ms: each had changed by more than a tenth since its statistics were taken", stale,
                (System.nanoTime() - started) / 1_000_000);
    }
}
