package org.custodyledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.custodyledger.events.EventJson;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.TestInfrastructure;

/**
 * Memory at the size a deployment reaches in months: a projection started with the shipped JVM
 * options (deploy/jvm, 112 MB heap, exit on OutOfMemoryError) catches up on a generated log of
 * --size events, then answers the digest, every list endpoint followed page by page, a full
 * replay with its switch, while the CLI exports the log; each step's peak resident memory and heap
 * are sampled. The baseline is the same steps on a log a hundred times smaller, in the same run:
 * memory that grows with the log shows as a ratio above 1. A step that fails, or a process that
 * exits (an OutOfMemoryError ends it), fails the benchmark, as does a replay that does not rebuild
 * the live digest.
 */
final class Memory {
    private static final List<String> LISTS = List.of("transfers", "anomalies", "statements", "reconciliation");

    private final Bench.Settings s;
    private final Path root;

    Memory(Bench.Settings settings, Path root) {
        this.s = settings;
        this.root = root;
    }

    Bench.Result run() throws Exception {
        int small = Math.max(20, s.replayEvents() / 100);
        Map<String, Object> base = measure(small);
        Map<String, Object> ours = measure(s.replayEvents());
        double ratio = ((Number) ours.get("peak RSS MB")).doubleValue() / ((Number) base.get("peak RSS MB")).doubleValue();
        return new Bench.Result("memory", ours, base, String.format("%.2fx the peak RSS at %,d events", ratio, (Integer) base.get("events")),
                "every step answers at 1M events within the shipped heap (112 MB), no restart; <= 256 MB RSS; flat with the log",
                "projection with deploy/jvm/projection-service.options; steps: catch-up from 0, GET /admin/digest, "
                        + String.join(", ", LISTS) + " followed page by page (limit 5000), /custody and /operations, a full replay "
                        + "switched; export: the CLI with -Xmx64m; peak of samples every 50 ms (RSS) and 500 ms (heap used)");
    }

    private Map<String, Object> measure(int size) throws Exception {
        String topic = "memory_" + size;
        int events = Benchmarks.produceLog(topic, size);
        Map<String, String> env = Map.of("LEDGER_TOPIC", topic, "LEDGER_JDBC_URL", LedgerStack.createDatabase(topic));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("events", events);
        long peakRss = 0;
        long peakHeap = 0;
        try (ServiceProcess projection = LedgerStack.startProjection(root, env, Map.of())) {
            List<Step> steps = new ArrayList<>();
            steps.add(new Step("catch-up", () -> Benchmarks.awaitCaughtUp(projection, topic)));
            steps.add(new Step("digest", () -> {
                figures.put("digest", EventJson.mapper().readTree(get(projection, "/admin/digest")).path("digest").asText().substring(0, 12));
            }));
            for (String list : LISTS) {
                steps.add(new Step(list, () -> figures.put(list + " items", readAllPages(projection, list))));
            }
            steps.add(new Step("custody, operations", () -> {
                get(projection, "/custody");
                get(projection, "/operations");
            }));
            steps.add(new Step("replay", () -> figures.put("replay digest = live digest", replay(projection))));
            for (Step step : steps) {
                Peak peak = Peak.of(projection);
                long started = System.nanoTime();
                try {
                    step.run().call();
                } finally {
                    peak.stop();
                }
                if (!ProcessHandle.of(projection.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                    throw new IllegalStateException("the projection exited during " + step.name() + " at " + events + " events");
                }
                figures.put(step.name() + " s", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
                System.out.println("  " + step.name() + " at " + events + " events: " + figures.get(step.name() + " s") + " s, peak RSS "
                        + peak.rssMegabytes() + " MB, heap " + peak.heapMegabytes() + " MB");
                figures.put(step.name() + " RSS MB", peak.rssMegabytes());
                figures.put(step.name() + " heap MB", peak.heapMegabytes());
                peakRss = Math.max(peakRss, peak.rssMegabytes());
                peakHeap = Math.max(peakHeap, peak.heapMegabytes());
            }
            figures.put("peak RSS MB", peakRss);
            figures.put("peak heap used MB", peakHeap);
            figures.put("restarts", 0);
        }
        export(topic, events, figures);
        return figures;
    }

    private record Step(String name, java.util.concurrent.Callable<Object> run) {
        Step(String name, Task task) {
            this(name, () -> {
                task.run();
                return null;
            });
        }
    }

    private interface Task {
        void run() throws Exception;
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    /** A 200's body; a step may take long at this size (its time is a figure), but not forever. */
    private static String get(ServiceProcess projection, String path) throws Exception {
        var answer = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(projection.url(path)))
                .timeout(java.time.Duration.ofMinutes(10)).header("Authorization", ServiceProcess.bearer()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + answer.statusCode() + " " + answer.body());
        }
        return answer.body();
    }

    /** Follows nextCursor to the end at the largest page; the number of items. */
    private static long readAllPages(ServiceProcess projection, String list) throws Exception {
        long items = 0;
        String cursor = null;
        do {
            JsonNode doc = EventJson.mapper().readTree(get(projection, "/" + list + "?limit=5000" + (cursor == null ? "" : "&after=" + cursor)));
            for (JsonNode field : doc) {
                if (field.isArray()) {
                    items += field.size();
                }
            }
            cursor = doc.path("nextCursor").isTextual() ? doc.get("nextCursor").asText() : null;
        } while (cursor != null);
        return items;
    }

    /** A full replay, until it has switched or failed; it fails unless the rebuilt read models have the live ones' digest. */
    private static boolean replay(ServiceProcess projection) throws Exception {
        Http1.Reply started = Http1.send("POST", projection.url("/admin/replay"), Map.of("Content-Type", "application/json"), new byte[0]);
        if (started.statusCode() != 202) {
            throw new IllegalStateException("POST /admin/replay: " + started.statusCode() + " " + started.body());
        }
        while (true) {
            JsonNode status = EventJson.mapper().readTree(Load.get(projection.url("/admin/replay"), null).body());
            String phase = status.path("phase").asText();
            if (phase.equals("SWITCHED")) {
                boolean same = status.path("digestBefore").asText().equals(status.path("digestAfter").asText());
                if (!same) { // a replay of the same log must rebuild what the live projection derived
                    throw new IllegalStateException("the rebuilt read models differ from the live ones: " + status.path("digestBefore").asText()
                            + " before, " + status.path("digestAfter").asText() + " after");
                }
                return true;
            }
            if (phase.equals("FAILED") || phase.equals("REFUSED")) {
                throw new IllegalStateException("replay " + phase + ": " + status);
            }
            Thread.sleep(200);
        }
    }

    /** The CLI's export of the whole log, in a JVM of its own with a 64 MB heap: its peak RSS, and the lines written. */
    private void export(String topic, int events, Map<String, Object> figures) throws Exception {
        Path out = Files.createTempFile("memory-export", ".ndjson");
        String classpath = root.resolve("cli/target/cli-1.0.0-SNAPSHOT.jar") + java.io.File.pathSeparator
                + Files.readString(root.resolve("cli/target/cli.classpath")).strip();
        Process cli = new ProcessBuilder("java", "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-cp", classpath, "org.custodyledger.cli.LedgerCli",
                "--bootstrap", TestInfrastructure.bootstrapServers(), "--topic", topic, "export", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long peak = 0;
        long started = System.nanoTime();
        while (cli.isAlive()) {
            try {
                peak = Math.max(peak, Benchmarks.rssMegabytes(cli.pid()));
            } catch (java.io.IOException ended) {
                // exited between the check and the read
            }
            Thread.sleep(50);
        }
        long lines;
        try (var stream = Files.lines(out)) {
            lines = stream.count();
        }
        Files.delete(out);
        if (cli.exitValue() != 0 || lines != events) {
            throw new IllegalStateException("export exited " + cli.exitValue() + " after " + lines + " of " + events + " lines");
        }
        figures.put("export s", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
        figures.put("export RSS MB", peak);
    }

    /** The highest resident memory (every 50 ms) and heap used (every 500 ms) of a process while a step runs. */
    private static final class Peak {
        private final AtomicLong rss = new AtomicLong();
        private final AtomicLong heap = new AtomicLong();
        private volatile boolean running = true;
        private final Thread sampler;

        private Peak(ServiceProcess projection) {
            sampler = new Thread(() -> {
                for (int i = 0; running; i++) {
                    try {
                        rss.accumulateAndGet(Benchmarks.rssMegabytes(projection.pid()), Math::max);
                        if (i % 10 == 0) {
                            heap.accumulateAndGet(Math.round(Benchmarks.metric(projection, "jvm_memory_used_bytes{area=\"heap\"") / 1024 / 1024),
                                    Math::max);
                        }
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception gone) {
                        // the process is busy or gone: the step itself tells
                    }
                }
            }, "memory-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        static Peak of(ServiceProcess projection) {
            return new Peak(projection);
        }

        void stop() throws InterruptedException {
            running = false;
            sampler.join();
        }

        long rssMegabytes() {
            return rss.get();
        }

        long heapMegabytes() {
            return heap.get();
        }
    }
}
