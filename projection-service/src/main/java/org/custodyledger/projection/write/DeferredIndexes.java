package org.custodyledger.projection.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.custodyledger.projection.Sql;

/**
 * Secondary indexes that only reads and derivations use, never the write path of a unit that
 * defers its derivation: a fresh build goes without them until its first derivation, then creates
 * each once from the whole table (see {@code V9__deferred_indexes.sql}). Those the write path does
 * use (primary keys, lookups by transfer, retraction target, anomaly owner) always stay.
 */
final class DeferredIndexes {
    static final List<String> NAMES = List.of("transfer_by_operation", "transfer_by_operation_finish", "transfer_by_destination",
            "transfer_by_origin", "transfer_unfinished", "retraction_by_time", "derived_anomaly_by_time", "merkle_leaf_by_offset",
            "statement_by_time");
    /** The tables a rebuild fills; analysed with the indexes, so the first derivation is planned on what they hold. */
    static final List<String> FILLED = List.of("applied_event", "transfer", "ledger_entry", "transfer_line",
            "derived_anomaly", "merkle_node", "retraction");

    private DeferredIndexes() {
    }

    /** In the unit's transaction, when the schema holds no event yet: the build starts without the indexes. */
    static void dropIfFresh(Connection c) throws SQLException {
        if (!Sql.list(c, "SELECT 1 FROM applied_event LIMIT 1", r -> 1).isEmpty()) {
            return;
        }
        // The definition as PostgreSQL would recreate it, without its schema: a build may be renamed live before it derives.
        List<String[]> present = Sql.list(c, "SELECT indexname, replace(indexdef, ' ON ' || schemaname || '.', ' ON ') FROM pg_indexes "
                + "WHERE schemaname = current_schema() AND indexname = ANY (?)", r -> new String[] {r.getString(1), r.getString(2)}, NAMES);
        try (Statement s = c.createStatement()) {
            for (String[] index : present) {
                Sql.update(c, "INSERT INTO deferred_index (name, definition) VALUES (?, ?)", index[0], index[1]);
                s.execute("DROP INDEX " + index[0]);
            }
        }
    }

    static boolean pending(Connection c) throws SQLException {
        return !Sql.list(c, "SELECT 1 FROM deferred_index LIMIT 1", r -> 1).isEmpty();
    }

    /** Before a derivation: creates what a build deferred, in the unit's transaction; whether there was any. */
    static boolean restore(Connection c) throws SQLException {
        List<String> definitions = Sql.list(c, "DELETE FROM deferred_index RETURNING definition", r -> r.getString(1));
        if (definitions.isEmpty()) {
            return false;
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL maintenance_work_mem TO '256MB'");
            for (String definition : definitions) {
                s.execute(definition);
            }
            for (String table : FILLED) {
                s.execute("ANALYZE " + table);
            }
        }
        return true;
    }

    /**
     * After a build's first derivation, in its transaction: statistics of every other table, and of
     * derived_anomaly, which the derivation adds to; the rest of {@link #FILLED} it does not write,
     * and {@link #restore} analysed them just before. Otherwise the first live units are planned on
     * the statistics of empty tables until autovacuum gets round to them.
     */
    static void analyzeAll(Connection c) throws SQLException {
        List<String> analysed = FILLED.stream().filter(t -> !t.equals("derived_anomaly")).toList();
        try (Statement s = c.createStatement()) {
            for (String table : Sql.list(c, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND NOT tablename = ANY (?) "
                    + "ORDER BY 1", r -> r.getString(1), analysed)) {
                s.execute("ANALYZE " + table);
            }
        }
    }
}
