package org.custodyledger.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fault-injection run at its short size (broker and PostgreSQL frozen, ingest killed), so it
 * cannot rot and so the suite proves what the full run proves: nothing lost, nothing counted twice,
 * no 503 that was appended after all, and the projection at the digest of the log.
 */
class ChaosSmokeIT {
    @Test
    void underFaultsNothingIsLostOrDoubledAndEvery503IsTrue() throws Exception {
        List<Chaos.Row> rows = Chaos.run(Path.of(".."), true);
        assertThat(rows).hasSize(3);
        for (Chaos.Row row : rows) {
            assertThat(row.attempted()).as(row.fault()).isGreaterThan(20);
            assertThat(row.acknowledged()).as(row.fault()).isGreaterThan(0);
            assertThat(row.lost()).as(row.fault()).isZero();
            assertThat(row.doubled()).as(row.fault()).isZero();
            assertThat(row.appendedAfter503()).as(row.fault()).isZero();
            assertThat(row.digestAgrees()).as(row.fault()).isTrue();
        }
        assertThat(rows.get(0).unavailable() + rows.get(1).unavailable()).as("the frozen broker and database were noticed").isPositive();
    }
}
