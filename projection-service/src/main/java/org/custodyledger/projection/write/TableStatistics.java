package org.custodyledger.projection.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.custodyledger.projection.Sql;

/**
 * Keeps the planner's statistics of the tables a catch-up fills true before it derives. Autovacuum
 * would analyse them too, but only on its next round (a minute apart by default), and a log read
 * at thousands of events a second has grown them many times over by then: every derivation and
 * every live unit meanwhile is planned for tables of a fraction of their size (an operation's
 * transfers read whole by the wrong index, merkle nodes hashed whole), tens of milliseconds a
 * statement instead of one. So a derivation that ends a catch-up analyses, in its own transaction,
 * each of these tables that changed by more than a tenth since it was last analysed.
 */
final class TableStatistics {
    /** Rows changed since the last ANALYZE, over the rows the table has, above which it is analysed. */
    static final double STALE_FRACTION = 0.1;
    /** Below this many changed rows no plan changes: small tables are left to autovacuum. */
    static final long STALE_ROWS = 1_000;

    private TableStatistics() {
    }

    /** The pure rule: whether a table's statistics are stale enough to analyse before deriving. */
    static boolean stale(long changedSinceAnalyze, long liveRows) {
        return changedSinceAnalyze > STALE_ROWS && changedSinceAnalyze > STALE_FRACTION * liveRows;
    }

    /** Analyses the tables of {@link DeferredIndexes#FILLED} whose statistics are {@link #stale}; returns them. */
    static List<String> refreshStale(Connection c) throws SQLException {
        record Counts(String table, long changed, long live) {
        }
        List<String> stale = Sql.list(c, "SELECT relname, n_mod_since_analyze, n_live_tup FROM pg_stat_user_tables "
                        + "WHERE schemaname = current_schema() AND relname = ANY (?) ORDER BY relname",
                r -> new Counts(r.getString(1), r.getLong(2), r.getLong(3)), DeferredIndexes.FILLED).stream()
                .filter(t -> stale(t.changed(), t.live())).map(Counts::table).toList();
        try (Statement s = c.createStatement()) {
            for (String table : stale) {
                s.execute("ANALYZE " + table);
            }
        }
        return stale;
    }
}
