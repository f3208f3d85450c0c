package org.custodyledger.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * Every request looks its receipts up: that must cost an index lookup whatever the size of the
 * table, also when it grew a lot since PostgreSQL last analysed it (a new deployment fills it from
 * empty within minutes). A plan cached while the table was small would scan all of it per request.
 */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class ReceiptLookupIT {
    private static final int LOOKUPS = 30;

    @Inject
    ReceiptStore receipts;

    @Test
    void lookupsUseTheIndexAfterTheTableGrewUnanalysed() throws Exception {
        try (Connection admin = TestInfrastructure.superuser(TestInfrastructure.jdbcUrl());
                Statement sql = admin.createStatement()) {
            sql.execute("ALTER TABLE ingest.receipt SET (autovacuum_enabled = false)");
            try {
                sql.execute("ANALYZE ingest.receipt"); // the statistics of a small table
                long[] start = scans(sql);
                for (int i = 0; i < LOOKUPS; i++) {
                    lookUpAndConfirm(); // what each request does; statements and their plans get cached here
                }
                awaitScans(sql, start[0] + start[1] + 2L * LOOKUPS, 0); // a small table may be scanned: counted before the next step
                sql.execute("INSERT INTO ingest.receipt (event_id, fingerprint, type, kafka_partition, kafka_offset, recorded_at, "
                        + "schema_version, confirmed) SELECT gen_random_uuid(), repeat('0', 64), 'TransferCompleted', 0, g, now(), 2, true "
                        + "FROM generate_series(1, 50000) g");
                long[] before = scans(sql);
                for (int i = 0; i < LOOKUPS; i++) {
                    lookUpAndConfirm();
                }
                long[] after = awaitScans(sql, before[0] + before[1] + 2L * LOOKUPS, 1500);
                assertThat(after[0] - before[0]).as("sequential scans of ingest.receipt by %d lookups and confirmations", 2 * LOOKUPS)
                        .isZero();
                assertThat(after[1] - before[1]).as("index scans").isGreaterThanOrEqualTo(2L * LOOKUPS);
            } finally {
                sql.execute("DELETE FROM ingest.receipt WHERE fingerprint = repeat('0', 64)");
                sql.execute("ALTER TABLE ingest.receipt RESET (autovacuum_enabled)");
            }
        }
    }

    private void lookUpAndConfirm() throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            ids.add(UUID.randomUUID());
        }
        try (ReceiptStore.Unit unit = receipts.lock(ids)) {
            assertThat(unit.find(ids)).isEmpty();
            unit.confirm(ids);
        }
    }

    /**
     * Sequential and index scans of the table once they add up to at least this many: a backend
     * reports its counts within seconds of going idle. Then waits a little longer for any others.
     */
    private static long[] awaitScans(Statement sql, long atLeast, long settleMillis) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        long[] scans = scans(sql);
        while (scans[0] + scans[1] < atLeast && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            scans = scans(sql);
        }
        Thread.sleep(settleMillis);
        return scans(sql);
    }

    private static long[] scans(Statement sql) throws Exception {
        sql.execute("SELECT pg_stat_clear_snapshot()");
        try (ResultSet r = sql.executeQuery(
                "SELECT seq_scan, coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE schemaname = 'ingest' AND relname = 'receipt'")) {
            r.next();
            return new long[] {r.getLong(1), r.getLong(2)};
        }
    }
}
