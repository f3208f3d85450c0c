package org.custodyledger.projection.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventJson;
import org.custodyledger.events.TransferInitiated;
import org.custodyledger.projection.Schemas;
import org.custodyledger.projection.Sql;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * A fresh build goes without the deferred indexes until it derives, then has exactly the indexes
 * the migrations define; a schema that already holds events never loses one.
 */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class DeferredIndexesIT {
    private static final String SCHEMA = "projection_deferred_test";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ProjectionStore store;
    @Inject
    ApplierLease lease;

    @Test
    void aFreshBuildDropsThemAtItsFirstUnitAndCreatesThemAsMigratedBeforeItDerives() throws Exception {
        org.custodyledger.projection.TheApplier.await(lease);
        org.custodyledger.projection.TestSchema.migrate(dataSource, SCHEMA);
        Map<String, String> migrated = indexes();
        assertThat(migrated).as("every deferred index is one the migrations create").containsKeys(DeferredIndexes.NAMES.toArray(String[]::new));

        store.commit(SCHEMA, unit(1), false);
        assertThat(indexes()).as("while the fresh build defers its derivation").doesNotContainKeys(DeferredIndexes.NAMES.toArray(String[]::new))
                .hasSize(migrated.size() - DeferredIndexes.NAMES.size());
        store.commit(SCHEMA, unit(2), false);
        assertThat(deferred()).isEqualTo(DeferredIndexes.NAMES.size());

        store.commit(SCHEMA, ProjectionStore.Unit.EMPTY, true);
        assertThat(indexes()).as("after its first derivation: as migrated, definitions included").isEqualTo(migrated);
        assertThat(deferred()).isZero();
        // Analysed with it, the tables the derivation filled included: the first live units are planned on what they hold.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!unanalysed().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100); // statistics reach pg_stat_user_tables shortly after the commit
        }
        assertThat(unanalysed()).as("tables never analysed").isEmpty();

        // Catching up again, on a schema that holds events: the indexes stay.
        store.commit(SCHEMA, unit(3), false);
        assertThat(indexes()).isEqualTo(migrated);
        try (Connection c = Schemas.connect(dataSource, SCHEMA)) {
            assertThat(Sql.list(c, "SELECT count(*) FROM transfer", r -> r.getLong(1))).containsExactly(3L);
        }
    }

    private Map<String, String> indexes() throws Exception {
        Map<String, String> byName = new TreeMap<>();
        try (Connection c = Schemas.connect(dataSource, SCHEMA)) {
            for (String[] row : Sql.list(c, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = ?",
                    r -> new String[] {r.getString(1), r.getString(2)}, SCHEMA)) {
                byName.put(row[0], row[1]);
            }
        }
        return byName;
    }

    /** Vacuum would lock the emptied queue to truncate it, and every unit reads it: its pages are kept. */
    @Test
    void vacuumDoesNotTruncateTheDerivationQueue() throws Exception {
        org.custodyledger.projection.TestSchema.migrate(dataSource, SCHEMA);
        try (Connection c = Schemas.connect(dataSource, SCHEMA)) {
            assertThat(Sql.list(c, "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE oid = 'pending_derivation'::regclass",
                    r -> r.getString(1))).containsExactly("vacuum_truncate=false");
        }
    }

    private List<String> unanalysed() throws Exception {
        try (Connection c = Schemas.connect(dataSource, SCHEMA)) {
            return Sql.list(c, "SELECT relname FROM pg_stat_user_tables WHERE schemaname = ? AND last_analyze IS NULL "
                    + "AND relname <> 'flyway_schema_history' ORDER BY 1", r -> r.getString(1), SCHEMA);
        }
    }

    private long deferred() throws Exception {
        try (Connection c = Schemas.connect(dataSource, SCHEMA)) {
            return Sql.list(c, "SELECT count(*) FROM deferred_index", r -> r.getLong(1)).get(0);
        }
    }

    private static ProjectionStore.Unit unit(int n) {
        Envelope e = new Envelope(new UUID(0x2000, n), Instant.parse("2026-02-01T00:00:00Z").plusSeconds(n), Instant.EPOCH, "test", 1,
                new TransferInitiated("T-" + n, null, "f-a", "f-b", n, null));
        return new ProjectionStore.Unit(List.of(new ProjectionStore.AppliedEvent(e, EventJson.write(e), 0, n)), List.of(), Map.of(0, (long) n + 1), List.of());
    }
}
