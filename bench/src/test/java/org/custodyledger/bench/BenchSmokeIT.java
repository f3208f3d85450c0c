package org.custodyledger.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark harness at tiny sizes, so it cannot rot: every benchmark runs and reports figures. Not a speed test. */
class BenchSmokeIT {
    @Test
    void everyBenchmarkRunsAndReportsItsFiguresAndBaseline() throws Exception {
        Path out = Path.of("target", "bench-smoke");
        List<Bench.Result> results = Bench.run("--smoke", "--out", out.toString());
        assertThat(results).extracting(Bench.Result::name)
                .containsExactly("ingest-single", "ingest-batch", "replay", "read-custody", "read-asof", "freshness", "memory", "trees");
        for (Bench.Result r : results) {
            assertThat(r.ours()).as(r.name()).isNotEmpty();
            assertThat(Files.readString(out.resolve(r.name() + ".json"))).contains("\"ours\"", "\"baseline\"", "\"ratio\"");
        }
        assertThat(results.get(0).baseline()).containsKey("records/s");
        assertThat(results.get(1).baseline()).containsKeys("records/s", "in a transaction records/s");
        assertThat(results.get(2).ours()).containsKeys("seconds", "RSS MB");
        assertThat(results.get(3).ratio()).startsWith("p99 full / 304 / trivial at ");
        assertThat(results.get(4).ours()).containsKeys("1 clients p99 ms", "8 clients p99 ms");
        // Memory: every step ran on the shipped options, at the run's size and at its hundredth (the baseline).
        assertThat(results.get(6).ours()).containsKeys("catch-up RSS MB", "digest RSS MB", "transfers RSS MB", "anomalies RSS MB",
                "statements RSS MB", "reconciliation RSS MB", "replay RSS MB", "export RSS MB", "peak RSS MB")
                .containsEntry("restarts", 0);
        assertThat((Integer) results.get(6).ours().get("events")).isGreaterThanOrEqualTo(2_000);
        assertThat((Integer) results.get(6).baseline().get("events")).isBetween(20, 1_000);
        assertThat((Long) results.get(6).ours().get("transfers items")).isPositive();
        assertThat(results.get(7).ours()).containsKeys("replay s", "live events/s");
        assertThat(results.get(7).baseline()).containsKeys("replay s", "live events/s");
        assertThat(Files.readString(out.resolve("latest.md"))).contains("| ingest-single |", "| freshness |", "| trees |");
    }
}
