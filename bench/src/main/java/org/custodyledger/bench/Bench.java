package org.custodyledger.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.events.EventJson;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.TestInfrastructure;

/**
 * Runs the benchmarks: each measures our path and its baseline in the same run, on the same data,
 * on a real broker and PostgreSQL started the way the local stack starts them, and prints both
 * and their ratio. Figures, not pass/fail: a benchmark never fails a build for being slow.
 *
 * <p>Usage: {@code Bench [--smoke] [--repeat N] [--size N] [--no-durability] [--out DIR] [name ...]}
 * ({@code --no-durability}: the benchmark's PostgreSQL runs without fsync and synchronous commits,
 * as no user's should; every result then says so.)
 */
public final class Bench {
    public static void main(String[] args) throws Exception {
        List<Result> results = run(args);
        System.exit(results == null ? 2 : 0);
    }

    /** Runs the named benchmarks and returns their results; null for a wrong benchmark name. */
    public static List<Result> run(String... args) throws Exception {
        boolean smoke = false;
        boolean durable = true;
        int repeat = 3;
        Integer size = null;
        Path out = Path.of("bench", "results");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--size" -> size = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--no-durability" -> durable = false;
                default -> names.add(args[i]);
            }
        }
        Settings settings = smoke ? Settings.smoke() : Settings.full(size);
        if (smoke) {
            repeat = 1;
        }
        List<String> all = List.of("ingest-single", "ingest-batch", "replay", "read-custody", "read-asof", "freshness", "memory", "trees");
        if (names.isEmpty() || names.contains("all")) {
            names = all;
        }
        for (String name : names) {
            if (!all.contains(name)) {
                System.err.println("unknown benchmark '" + name + "'; choose from " + all + " or all");
                return null;
            }
        }
        System.out.println("custody ledger benchmarks" + (smoke ? " (smoke: tiny sizes, figures meaningless)" : "") + " on "
                + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.version")
                + (durable ? "; PostgreSQL durable (fsync, synchronous commits)" : "; PostgreSQL NOT durable (--no-durability)"));
        System.out.println("starting Kafka and PostgreSQL...");
        TestInfrastructure.startOnce(durable);
        Files.createDirectories(out);
        List<Result> results = new ArrayList<>();
        try (LedgerStack stack = LedgerStack.fresh(Path.of(System.getProperty("ledger.root", ".")), "bench", Map.of())) {
            Benchmarks benchmarks = new Benchmarks(settings, stack, repeat);
            for (String name : names) {
                System.out.println("\n== " + name);
                Result result = benchmarks.run(name);
                results.add(result);
                Files.writeString(out.resolve(name + ".json"), result.toJson().toPrettyString());
                System.out.println(result.table());
            }
        }
        StringBuilder md = new StringBuilder(durable ? "PostgreSQL durable (fsync on, synchronous commits).\n\n"
                : "PostgreSQL NOT durable (--no-durability: fsync and synchronous_commit off).\n\n");
        md.append("| benchmark | our path | baseline | ratio | target |\n|---|---|---|---|---|\n");
        results.forEach(r -> md.append(r.markdownRow()).append('\n'));
        Files.writeString(out.resolve("latest.md"), md.toString());
        System.out.println("\n" + md);
        System.out.println("results in " + out.toAbsolutePath());
        return results;
    }

    /** Sizes of one run. */
    record Settings(int singleEvents, int clients, int batches, int batchSize, int replayEvents, int pollers,
                    int pollRequests, int asOfRequests, int freshnessSamples) {
        static Settings smoke() {
            return new Settings(200, 8, 2, 100, 2_000, 8, 200, 100, 20);
        }

        static Settings full(Integer size) {
            return new Settings(20_000, 64, 30, 1_000, size != null ? size : 1_000_000, 200, 40_000, 5_000, 500);
        }
    }

    /** One benchmark's figures: ours, the baseline's, and how they compare. */
    public record Result(String name, Map<String, Object> ours, Map<String, Object> baseline, String ratio, String target, String notes) {
        ObjectNode toJson() {
            ObjectNode node = EventJson.mapper().createObjectNode();
            node.put("name", name);
            node.set("ours", EventJson.mapper().valueToTree(ours));
            node.set("baseline", EventJson.mapper().valueToTree(baseline));
            node.put("ratio", ratio);
            node.put("target", target);
            node.put("notes", notes);
            return node;
        }

        String table() {
            return "  ours:     " + ours + "\n  baseline: " + baseline + "\n  ratio:    " + ratio + "   (target " + target + ")"
                    + (notes.isEmpty() ? "" : "\n  notes:    " + notes);
        }

        String markdownRow() {
            return "| " + name + " | " + brief(ours) + " | " + brief(baseline) + " | " + ratio + " | " + target + " |";
        }

        private static String brief(Map<String, Object> figures) {
            Map<String, Object> shown = new LinkedHashMap<>(figures);
            return shown.toString().replace("{", "").replace("}", "").replace("|", "/");
        }
    }
}
