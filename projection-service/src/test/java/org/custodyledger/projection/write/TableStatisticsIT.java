package org.custodyledger.projection.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventJson;
import org.custodyledger.events.TransferInitiated;
import org.custodyledger.projection.Schemas;
import org.custodyledger.projection.Sql;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * A schema that derived while nearly empty, then caught up with thousands of events, derives the
 * catch-up on statistics of what its tables hold, not of the few rows they held when last analysed.
 */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class TableStatisticsIT {
    private static final String SCHEMA = "projection_statistics_test";
    private static final int CAUGHT_UP = 5_000;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ProjectionStore store;
    @Inject
    ApplierLease lease;

    @Test
    void aCatchUpsDerivationAnalysesTheTablesItGrewPastTheirStatistics() throws Exception {
        org.custodyledger.projection.TheApplier.await(lease);
        org.custodyledger.projection.TestSchema.migrate(dataSource, SCHEMA);
        // Live from its first event: the fresh build's indexes are restored and its tables analysed at one row.
        store.commit(SCHEMA, unit(0, 1), false);
        store.commit(SCHEMA, ProjectionStore.Unit.EMPTY, true);
        awaitStatistics(() -> changedSinceAnalyzed("transfer") == 0, "the first derivation analysed transfer");

        // Then far behind the log: units that defer their derivations, thousands of transfers.
        for (int first = 1; first < CAUGHT_UP; first += 1_000) {
            store.commit(SCHEMA, unit(first, 1_000), false);
        }
        awaitStatistics(() -> changedSinceAnalyzed("transfer") >= CAUGHT_UP - 1, "the deferred units' rows counted");
        assertThat(store.pendingDerivations(SCHEMA)).as("a catch-up is pending").isPositive();

        store.commit(SCHEMA, ProjectionStore.Unit.EMPTY, true);
        awaitStatistics(() -> changedSinceAnalyzed("transfer") < CAUGHT_UP, "the catch-up's derivation");
        assertThat(changedSinceAnalyzed("transfer")).as("rows of transfer changed since its last ANALYZE, after the catch-up derived")
                .isZero();
        assertThat(changedSinceAnalyzed("applied_event")).isZero();
    }

    /** Live units that each derive, on a log growing fast: the stale tables are analysed beside them, on a connection of its own. */
    @Test
    void aLiveDerivationHasTheStaleTablesAnalysedInTheBackground() throws Exception {
        org.custodyledger.projection.TheApplier.await(lease);
        String schema = SCHEMA + "_live";
        org.custodyledger.projection.TestSchema.migrate(dataSource, schema);
        store.commit(schema, unit(0, 1), false);
        store.commit(schema, ProjectionStore.Unit.EMPTY, true);
        for (int first = 1; first < CAUGHT_UP; first += 1_000) {
            store.commit(schema, unit(first, 1_000), true);
        }
        awaitStatistics(() -> changedSinceAnalyzed(schema, "transfer") >= CAUGHT_UP - 1, "the live units' rows counted");

        TableStatistics statistics = new TableStatistics(dataSource); // as after a restart: a look is due at the first live unit
        try (Connection c = Schemas.connect(dataSource, schema)) {
            c.setAutoCommit(false);
            statistics.beforeDeriving(c, schema, false);
            c.rollback(); // the unit's transaction may end as it likes: the analysis is not part of it
        }
        awaitStatistics(() -> changedSinceAnalyzed(schema, "transfer") == 0, "the background analysis");
        assertThat(changedSinceAnalyzed(schema, "applied_event")).isZero();
    }

    @Test
    void aLiveDerivationLooksEveryTenSeconds() {
        assertThat(TableStatistics.checkDue(9_000_000_000L)).isFalse();
        assertThat(TableStatistics.checkDue(TableStatistics.CHECK_EVERY_NANOS)).isTrue();
    }

    @Test
    void staleMeansMoreThanATenthAndMoreThanAThousandRowsChanged() {
        assertThat(TableStatistics.stale(5_000, 1)).isTrue();
        assertThat(TableStatistics.stale(100_001, 1_000_000)).isTrue();
        assertThat(TableStatistics.stale(99_999, 1_000_000)).as("a live unit's few rows on a large table").isFalse();
        assertThat(TableStatistics.stale(900, 0)).as("a small table, left to autovacuum").isFalse();
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    /** Counts reach pg_stat_user_tables shortly after a commit, not with it. */
    private static void awaitStatistics(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!check.holds()) {
            assertThat(System.nanoTime()).as("waiting for statistics: " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private long changedSinceAnalyzed(String table) throws Exception {
        return changedSinceAnalyzed(SCHEMA, table);
    }

    private long changedSinceAnalyzed(String schema, String table) throws Exception {
        try (Connection c = Schemas.connect(dataSource, schema)) {
            return Sql.list(c, "SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE schemaname = ? AND relname = ?",
                    r -> r.getLong(1), schema, table).get(0);
        }
    }

    private static ProjectionStore.Unit unit(int first, int count) {
        List<ProjectionStore.AppliedEvent> events = new ArrayList<>();
        for (int n = first; n < first + count; n++) {
            Envelope e = new Envelope(new UUID(0x3000, n), Instant.parse("2026-02-01T00:00:00Z").plusSeconds(n), Instant.EPOCH, "test", 1,
                    new TransferInitiated("T-" + n, "op-" + (n % 4), "f-a", "f-b", 1, null));
            events.add(new ProjectionStore.AppliedEvent(e, EventJson.write(e), 0, n));
        }
        return new ProjectionStore.Unit(events, List.of(), Map.of(0, (long) first + count), List.of());
    }
}
