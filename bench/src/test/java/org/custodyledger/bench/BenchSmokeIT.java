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
                .containsExactly("ingest-single", "ingest-batch", "replay", "read-custody", "read-asof", "freshness");
        for (Bench.Result r : results) {
            assertThat(r.ours()).as(r.name()).isNotEmpty();
            assertThat(Files.readString(out.resolve(r.name() + ".json"))).contains("\"ours\"", "\"baseline\"", "\"ratio\"");
        }
        assertThat(results.get(0).baseline()).containsKey("records/s");
        assertThat(results.get(1).baseline()).containsKeys("records/s", "in a transaction records/s");
        assertThat(results.get(2).ours()).containsKeys("seconds", "RSS MB");
        assertThat(results.get(3).ratio()).startsWith("p99 full / 304 / trivial at ");
        assertThat(results.get(4).ours()).containsKeys("1 clients p99 ms", "8 clients p99 ms");
        assertThat(Files.readString(out.resolve("latest.md"))).contains("| ingest-single |", "| freshness |");
    }
}
