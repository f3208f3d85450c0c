package org.custodyledger.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.ServiceProcess;

/**
 * What the log's Merkle trees cost (issue #15): the same log replayed by a fresh projection with
 * its trees and without (LEDGER_TREES=false), and the same live traffic posted through ingest
 * until the projection has caught up, with and without. The baseline is "without".
 */
final class TreeCost {
    private final Bench.Settings s;
    private final Path root;
    private final IntFunction<List<String>> submissions;
    private final long run = System.currentTimeMillis() % 100_000;

    TreeCost(Bench.Settings settings, Path root, IntFunction<List<String>> submissions) {
        this.s = settings;
        this.root = root;
        this.submissions = submissions;
    }

    Bench.Result run() throws Exception {
        String log = Benchmarks.topic("trees_replay_" + s.replayEvents() + "_" + run);
        Benchmarks.produceLog(log, s.replayEvents());
        Map<String, Object> with = new LinkedHashMap<>();
        Map<String, Object> without = new LinkedHashMap<>();
        // Without first, then with: each on a cold database of its own, the log already in the broker's cache.
        replay(log, false, without);
        replay(log, true, with);
        int events = s.batches() * s.batchSize();
        live(events, false, without);
        live(events, true, with);
        double replayRatio = (Double) with.get("replay s") / (Double) without.get("replay s");
        double liveRatio = (Double) with.get("live events/s") / (Double) without.get("live events/s");
        return new Bench.Result("trees", with, without, String.format("replay %.2fx the time without trees; live %.2fx the throughput", replayRatio, liveRatio),
                "the cost is stated (README, Performance): replay <= 1.3x the time without trees",
                s.replayEvents() + " generated events replayed by a fresh projection (service start included); live: " + events
                        + " events posted through ingest in batches of " + s.batchSize() + " until the projection has read them all");
    }

    private void replay(String topic, boolean trees, Map<String, Object> into) throws Exception {
        String jdbc = LedgerStack.createDatabase(topic + (trees ? "_trees" : "_plain"));
        long start = System.nanoTime();
        try (ServiceProcess projection = LedgerStack.startProjection(root, Map.of("LEDGER_TOPIC", topic, "LEDGER_JDBC_URL", jdbc),
                Map.of("LEDGER_TREES", String.valueOf(trees)))) {
            Benchmarks.awaitCaughtUp(projection, topic);
            double seconds = (System.nanoTime() - start) / 1e9;
            into.put("replay events", s.replayEvents());
            into.put("replay s", Math.round(seconds * 10) / 10.0);
            into.put("replay events/s", Math.round(s.replayEvents() / seconds));
            into.put("replay RSS MB", Benchmarks.rssMegabytes(projection.pid()));
        }
    }

    private void live(int events, boolean trees, Map<String, Object> into) throws Exception {
        String topic = Benchmarks.topic("trees_live_" + trees + "_" + run);
        String jdbc = LedgerStack.createDatabase(topic);
        Map<String, String> env = Map.of("LEDGER_TOPIC", topic, "LEDGER_JDBC_URL", jdbc);
        List<String> bodies = submissions.apply(events);
        try (ServiceProcess ingest = LedgerStack.startIngest(root, env, true);
             ServiceProcess projection = LedgerStack.startProjection(root, env, Map.of("LEDGER_TREES", String.valueOf(trees)))) {
            long start = System.nanoTime();
            for (int i = 0; i < events; i += s.batchSize()) {
                Http1.Reply answer = Load.post(ingest.url("/events/batch"), "application/x-ndjson",
                        String.join("\n", bodies.subList(i, Math.min(events, i + s.batchSize()))));
                if (answer.statusCode() != 201) {
                    throw new IllegalStateException("POST /events/batch: " + answer.statusCode() + " " + answer.body());
                }
            }
            Benchmarks.awaitCaughtUp(projection, topic);
            double seconds = (System.nanoTime() - start) / 1e9;
            into.put("live events", events);
            into.put("live events/s", Math.round(events / seconds * 10) / 10.0);
        }
    }
}
