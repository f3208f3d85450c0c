package org.custodyledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventJson;
import org.custodyledger.ledger.LogGenerator;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.TestInfrastructure;
import org.postgresql.PGConnection;

/** The benchmarks of issue #6; each returns our figures, the baseline's, and their ratio. */
final class Benchmarks {
    private final Bench.Settings s;
    private final LedgerStack stack;
    private final int repeat;
    private long seed = 1;

    Benchmarks(Bench.Settings settings, LedgerStack stack, int repeat) {
        this.s = settings;
        this.stack = stack;
        this.repeat = repeat;
    }

    Bench.Result run(String name) throws Exception {
        return switch (name) {
            case "ingest-single" -> ingestSingle();
            case "ingest-batch" -> ingestBatch();
            case "replay" -> replay();
            case "read-custody" -> readCustody();
            case "read-asof" -> readAsOf();
            case "freshness" -> freshness();
            case "memory" -> new Memory(s, stack.root()).run();
            case "trees" -> new TreeCost(s, stack.root(), n -> submissions(n, true, true)).run();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Realistic events with fresh ids, as operators post them (no server fields), at the generator's times (over 180 days). */
    private List<String> submissions(int n) {
        return submissions(n, false, true);
    }

    /**
     * Realistic events with fresh eventIds, transferIds and statementIds (each call's are new), as
     * operators post them; {@code present}: about now, a millisecond apart in the generator's
     * order, as live operators record what just happened (not back-dated over 180 days);
     * {@code setup}: with the generator's facility registrations and operation plans (live traffic
     * has none: registering the same facilities again re-checks their whole history).
     */
    private List<String> submissions(int n, boolean present, boolean setup) {
        String tag = "b" + seed + "-";
        Instant base = Instant.now().minusMillis(n);
        List<String> bodies = new ArrayList<>();
        for (Envelope e : LogGenerator.generate(seed++, n + 100)) {
            if (!setup && (e.data() instanceof org.custodyledger.events.FacilityRegistered
                    || e.data() instanceof org.custodyledger.events.OperationPlanned)) {
                continue;
            }
            Instant at = present ? base.plusMillis(bodies.size()) : e.occurredAt();
            var tree = EventJson.toTree(new Envelope(UUID.randomUUID(), at, e.recordedAt(), e.recordedBy(), e.schemaVersion(), e.data()));
            tree.remove(List.of("recordedAt", "recordedBy", "schemaVersion"));
            var data = (com.fasterxml.jackson.databind.node.ObjectNode) tree.get("data");
            for (String id : List.of("transferId", "statementId")) {
                if (data.has(id)) {
                    data.put(id, tag + data.get(id).asText());
                }
            }
            bodies.add(tree.toString());
        }
        return bodies.subList(0, n);
    }

    private Bench.Result ingestSingle() throws Exception {
        List<Double> ours = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        Load.Figures last = null;
        Load.Figures lastBase = null;
        String baselineTopic = topic("baseline-single");
        Map<String, Object> cpu = new LinkedHashMap<>();
        Map<String, Object> baseCpu = new LinkedHashMap<>();
        for (int r = 0; r < repeat; r++) {
            List<String> bodies = submissions(s.singleEvents());
            // Warm-up (not measured) as long as the run: JFR showed the JIT compiler still busy (C2,
            // seconds of CPU) through 20k requests after a warm-up of a tenth of that.
            List<String> warmUp = submissions(s.singleEvents());
            Load.run(s.clients(), warmUp.size(), i -> Load.post(stack.ingest().url("/events"), "application/json", warmUp.get(i)));
            resetStatementTimes(stack.env().get("LEDGER_JDBC_URL"));
            Cpu before = Cpu.now(stack);
            last = Load.run(s.clients(), bodies.size(), i -> {
                Http1.Reply response = Load.post(stack.ingest().url("/events"), "application/json", bodies.get(i));
                if (response.statusCode() != 201) {
                    throw new IllegalStateException("POST /events: " + response.statusCode() + " " + response.body());
                }
            });
            cpu = Cpu.now(stack).since(before, bodies.size());
            printStatementTimes(stack.env().get("LEDGER_JDBC_URL"));
            ours.add(last.perSecond());
            try (KafkaProducer<String, byte[]> producer = producer()) {
                List<byte[]> values = bodies.stream().map(b -> b.getBytes(StandardCharsets.UTF_8)).toList();
                Load.Call send = i -> producer.send(new ProducerRecord<>(baselineTopic, "k" + i, values.get(i))).get();
                Load.run(s.clients(), values.size(), send); // the baseline warms up as ours does: the same records once, not measured
                Cpu baseBefore = Cpu.now(stack);
                lastBase = Load.run(s.clients(), values.size(), send);
                baseCpu = Cpu.now(stack).since(baseBefore, bodies.size());
            }
            base.add(lastBase.perSecond());
        }
        Map<String, Object> figures = last.describe("events");
        figures.putAll(cpu);
        Map<String, Object> baseline = lastBase.describe("records");
        baseline.put("all CPU ms/record", baseCpu.get("all CPU ms/event"));
        return result("ingest-single", figures, baseline, ours, base, ">= 0.25x baseline throughput",
                s.clients() + " concurrent clients, one event per request; baseline: plain producer (acks=all, idempotent), "
                        + s.clients() + " threads, send().get() per record; throughput min/median/max over " + repeat + " runs: ours "
                        + Load.spread(ours) + ", baseline " + Load.spread(base));
    }

    /** Sends the records and waits for every acknowledgement. */
    private static void sendAll(KafkaProducer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (ProducerRecord<String, byte[]> record : records) {
            sent.add(producer.send(record));
        }
        for (Future<RecordMetadata> f : sent) {
            f.get();
        }
    }

    private Bench.Result ingestBatch() throws Exception {
        List<Double> ours = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        Load.Figures last = null;
        Load.Figures lastBase = null;
        String baselineTopic = topic("baseline-batch");
        Load.Figures lastTransactional = null;
        List<Double> transactional = new ArrayList<>();
        Map<String, Object> cpu = new LinkedHashMap<>();
        for (int r = 0; r < repeat; r++) {
            List<String> bodies = submissions(s.batches() * s.batchSize());
            List<String> warmUp = submissions(Math.max(1, s.batches() / 5) * s.batchSize());
            Load.run(1, warmUp.size() / s.batchSize(), i -> Load.post(stack.ingest().url("/events/batch"), "application/x-ndjson",
                    String.join("\n", warmUp.subList(i * s.batchSize(), (i + 1) * s.batchSize()))));
            Cpu before = Cpu.now(stack);
            double appendSeconds = metric(stack.ingest(), "ledger_produce_seconds_sum");
            double appends = metric(stack.ingest(), "ledger_produce_seconds_count");
            last = Load.run(1, s.batches(), i -> {
                String batch = String.join("\n", bodies.subList(i * s.batchSize(), (i + 1) * s.batchSize()));
                Http1.Reply response = Load.post(stack.ingest().url("/events/batch"), "application/x-ndjson", batch);
                if (response.statusCode() != 201) {
                    throw new IllegalStateException("POST /events/batch: " + response.statusCode() + " " + response.body());
                }
            });
            cpu = Cpu.now(stack).since(before, bodies.size());
            // Of each request, the time spent appending to Kafka (the transaction, from first send to commit).
            cpu.put("Kafka append ms/batch", Math.round((metric(stack.ingest(), "ledger_produce_seconds_sum") - appendSeconds) * 1000
                    / Math.max(1, metric(stack.ingest(), "ledger_produce_seconds_count") - appends)));
            ours.add(last.perSecond() * s.batchSize());
            // The same records: keyed by subject, as ingest keys them (unkeyed, they would all go to one partition).
            List<ProducerRecord<String, byte[]>> records = bodies.stream().map(body -> new ProducerRecord<>(baselineTopic,
                    subjectOf(body), body.getBytes(StandardCharsets.UTF_8))).toList();
            int warmUpBatches = warmUp.size() / s.batchSize();
            java.util.function.IntFunction<List<ProducerRecord<String, byte[]>>> batch = i -> records.subList(i * s.batchSize(), (i + 1) * s.batchSize());
            // Each baseline warms up as ours does, on the first of the same batches (not measured).
            try (KafkaProducer<String, byte[]> producer = producer()) {
                Load.Call plain = i -> sendAll(producer, batch.apply(i));
                Load.run(1, warmUpBatches, plain);
                lastBase = Load.run(1, s.batches(), plain);
            }
            base.add(lastBase.perSecond() * s.batchSize());
            // What atomicity costs by itself: the same producer, one Kafka transaction per batch, as ingest appends one.
            try (KafkaProducer<String, byte[]> producer = transactionalProducer()) {
                producer.initTransactions();
                Load.Call inTransaction = i -> {
                    producer.beginTransaction();
                    batch.apply(i).forEach(producer::send);
                    producer.commitTransaction();
                };
                Load.run(1, warmUpBatches, inTransaction);
                lastTransactional = Load.run(1, s.batches(), inTransaction);
            }
            transactional.add(lastTransactional.perSecond() * s.batchSize());
        }
        Map<String, Object> o = last.describe("batches");
        o.put("events/s", Math.round(ours.get(ours.size() - 1)));
        o.putAll(cpu);
        Map<String, Object> b = lastBase.describe("batches");
        b.put("records/s", Math.round(base.get(base.size() - 1)));
        lastTransactional.describe("batches").forEach((k, v) -> b.put("in a transaction " + k, v));
        b.put("in a transaction records/s", Math.round(lastTransactional.perSecond() * s.batchSize()));
        // Against what atomicity costs by itself: ingest appends a batch all or nothing, so the transactional producer is its floor.
        return result("ingest-batch", o, b, ours, transactional, ">= 0.6x baseline (the transactional producer)",
                s.batchSize() + " events per batch, one client; baseline: the same records in one Kafka transaction per batch (a plain producer "
                        + "that sends them and waits for all is also shown); events/s min/median/max: ours " + Load.spread(ours)
                        + ", transactional " + Load.spread(transactional) + ", plain " + Load.spread(base));
    }

    /** Full replay of a generated log into read models, against reading the same records and COPYing one row each into PostgreSQL. */
    private Bench.Result replay() throws Exception {
        String topic = "replay_" + s.replayEvents();
        produceLog(topic, s.replayEvents());
        long baselineStart = System.nanoTime();
        long postgresBefore = postgresCpuMillis();
        long benchBefore = cpuMillis(ProcessHandle.current().pid());
        long copied = readAndCopy(topic);
        double baselineSeconds = (System.nanoTime() - baselineStart) / 1e9;
        long baselinePostgres = postgresCpuMillis() - postgresBefore;
        long baselineClient = cpuMillis(ProcessHandle.current().pid()) - benchBefore;
        String jdbc = LedgerStack.createDatabase(topic);
        postgresBefore = postgresCpuMillis();
        long start = System.nanoTime();
        try (ServiceProcess projection = LedgerStack.startProjection(stack.root(), Map.of("LEDGER_TOPIC", topic, "LEDGER_JDBC_URL", jdbc), Map.of())) {
            awaitCaughtUp(projection, topic);
            double seconds = (System.nanoTime() - start) / 1e9;
            printStatementTimes(jdbc);
            Map<String, Object> ours = new LinkedHashMap<>();
            ours.put("events", s.replayEvents());
            ours.put("seconds", Math.round(seconds * 10) / 10.0);
            ours.put("events/s", Math.round(s.replayEvents() / seconds));
            ours.put("RSS MB", rssMegabytes(projection.pid()));
            ours.put("heap MB", heapMegabytes(projection));
            ours.put("heap committed MB", Math.round(metric(projection, "jvm_memory_committed_bytes{area=\"heap\"") / 1024 / 1024));
            ours.put("non-heap committed MB", Math.round(metric(projection, "jvm_memory_committed_bytes{area=\"nonheap\"") / 1024 / 1024));
            // Where the time went: units that derived and units that only wrote facts.
            ours.put("deriving s", Math.round(metric(projection, "ledger_projection_unit_commit_seconds_sum{derived=\"true\"") * 10) / 10.0);
            ours.put("derivations", Math.round(metric(projection, "ledger_projection_unit_commit_seconds_count{derived=\"true\"")));
            ours.put("writing s", Math.round(metric(projection, "ledger_projection_unit_commit_seconds_sum{derived=\"false\"") * 10) / 10.0);
            // What bounds it on a shared machine: CPU seconds per process, against the wall time on its cores.
            ours.put("projection CPU s", cpuMillis(projection.pid()) / 100 / 10.0);
            ours.put("PostgreSQL CPU s", (postgresCpuMillis() - postgresBefore) / 100 / 10.0);
            Map<String, Object> base = new LinkedHashMap<>();
            base.put("records", copied);
            base.put("seconds", Math.round(baselineSeconds * 10) / 10.0);
            base.put("client CPU s", baselineClient / 100 / 10.0);
            base.put("PostgreSQL CPU s", baselinePostgres / 100 / 10.0);
            return new Bench.Result("replay", ours, base, String.format("%.2fx baseline time", seconds / baselineSeconds),
                    "<= 2.0x baseline time; memory <= 256 MB RSS",
                    "a fresh projection catching up from offset 0 (the same code path as /admin/replay's shadow build), including service start");
        }
    }

    /**
     * The read benchmarks measure a log of the run's size (--size): when earlier benchmarks of the
     * run have not filled the stack's log to that size, generated events are added first.
     */
    private void ensureStackLog(long events) throws Exception {
        long have = eventsIn(stack.projection());
        if (have < events) {
            produceLog(stack.env().get("LEDGER_TOPIC"), (int) (events - have));
            awaitCaughtUp(stack.projection(), stack.env().get("LEDGER_TOPIC"));
        }
    }

    /** At a hundredth, a tenth and all of --size (10k, 100k and 1M for the full run): the figures should stay flat. */
    private Bench.Result readCustody() throws Exception {
        Map<String, Object> ours = new LinkedHashMap<>();
        Map<String, Object> base = new LinkedHashMap<>();
        List<String> p99s = new ArrayList<>();
        for (long size : new long[] {s.replayEvents() / 100, s.replayEvents() / 10, s.replayEvents()}) {
            ensureStackLog(size);
            String at = "at " + eventsIn(stack.projection()) + ": ";
            if (ours.containsKey(at + "full p99 ms")) {
                continue; // earlier benchmarks of the run have already grown the log past this size
            }
            String custody = stack.projection().url("/custody");
            String etag = java.util.Objects.requireNonNull(Load.get(custody, null).header("ETag"), "no ETag on /custody");
            // Warm-up (not measured): the first requests after a catch-up mostly measure the JIT compiler.
            Load.run(s.pollers(), s.pollRequests() / 4, i -> check(Load.get(custody, i % 2 == 0 ? null : etag), i % 2 == 0 ? 200 : 304));
            Load.Figures full = Load.run(s.pollers(), s.pollRequests(), i -> check(Load.get(custody, null), 200));
            Load.Figures cached = Load.run(s.pollers(), s.pollRequests(), i -> check(Load.get(custody, etag), 304));
            Load.Figures trivial = Load.run(s.pollers(), s.pollRequests(), i -> check(Load.get(stack.projection().url("/q/health/live"), null), 200));
            full.describe("req").forEach((k, v) -> ours.put(at + "full " + k, v));
            cached.describe("req").forEach((k, v) -> ours.put(at + "304 " + k, v));
            trivial.describe("req").forEach((k, v) -> base.put(at + k, v));
            p99s.add(String.format("%s%.1f / %.1f / %.1f ms", at, Load.ms(full.latency().getValueAtPercentile(99)),
                    Load.ms(cached.latency().getValueAtPercentile(99)), Load.ms(trivial.latency().getValueAtPercentile(99))));
        }
        return new Bench.Result("read-custody", ours, base, "p99 full / 304 / trivial " + String.join("; ", p99s),
                "p99 <= 5 ms, flat from 10k to 1M events", s.pollers() + " concurrent pollers on the stack's log as it grows to "
                + s.replayEvents() + " events; baseline: /q/health/live of the same service at the same moment");
    }

    /** On the full log, with 1, 8 and 50 concurrent clients: the latency of one request, and what queueing adds to it. */
    private Bench.Result readAsOf() throws Exception {
        ensureStackLog(s.replayEvents());
        Map<String, Object> ours = new LinkedHashMap<>();
        List<String> p99s = new ArrayList<>();
        for (int clients : java.util.stream.IntStream.of(1, 8, Math.min(50, s.pollers())).distinct().toArray()) {
            Random random = new Random(7);
            Instant from = Instant.parse("2026-01-01T00:00:00Z");
            Load.Figures figures = Load.run(clients, s.asOfRequests(), i -> check(Load.get(stack.projection().url(
                    "/operations/op-" + (i % 4) + "?asOf=" + from.plusSeconds(random.nextInt(200 * 86_400))), null), 200));
            figures.describe("req").forEach((k, v) -> ours.put(clients + " clients " + k, v));
            p99s.add(clients + " clients " + Load.ms(figures.latency().getValueAtPercentile(99)) + " ms");
        }
        return new Bench.Result("read-asof", ours, Map.of(), "p99 " + String.join(", ", p99s), "p99 <= 20 ms at 8 clients",
                "random instants over 200 days on the stack's log of " + eventsIn(stack.projection()) + " events");
    }

    /**
     * From ingest's 201 to the write being visible through its consistencyToken, under steady load:
     * other clients post live events at a steady rate all along. Samples of two kinds: events about
     * now (what live operators post) and back-dated ones (the generator's times over 180 days, which
     * re-check the facilities' population history from their instant on).
     */
    private Bench.Result freshness() throws Exception {
        ensureStackLog(s.replayEvents());
        int rate = s.freshnessSamples() / 5; // background events per second (100 in the full run)
        List<String> background = submissions(rate * 600, true, false);
        java.util.concurrent.atomic.AtomicBoolean loading = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger posted = new java.util.concurrent.atomic.AtomicInteger();
        Thread load = new Thread(() -> {
            long started = System.nanoTime();
            while (loading.get() && posted.get() < background.size()) {
                long due = started + posted.get() * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                try {
                    Load.post(stack.ingest().url("/events"), "application/json", background.get(posted.getAndIncrement()));
                } catch (Exception e) {
                    System.err.println("background post failed: " + e);
                }
            }
        }, "background-load");
        load.start();
        long loadStarted = System.nanoTime();
        String jdbc = stack.env().get("LEDGER_JDBC_URL");
        // Statement times only: the table counters are what autovacuum decides by, and the projection too.
        resetStatementTimes(jdbc, false);
        Histogram present = visible(submissions(s.freshnessSamples(), true, false));
        printStatementTimes(jdbc);
        resetStatementTimes(jdbc, false);
        Histogram backDated = visible(submissions(s.freshnessSamples(), false, false));
        printStatementTimes(jdbc);
        List<String> bodies = submissions(s.freshnessSamples());
        Histogram base = new Histogram(3);
        String topic = topic("baseline-freshness");
        try (KafkaProducer<String, byte[]> producer = producer(); KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            for (String body : bodies) {
                producer.send(new ProducerRecord<>(topic, body.getBytes(StandardCharsets.UTF_8))).get();
                long acknowledged = System.nanoTime();
                while (consumer.poll(Duration.ofMillis(5)).isEmpty()) {
                    // wait for it
                }
                base.recordValue((System.nanoTime() - acknowledged) / 1_000);
            }
        }
        loading.set(false);
        double backgroundRate = posted.get() / ((System.nanoTime() - loadStarted) / 1e9);
        load.join();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("present p50 ms", Load.ms(present.getValueAtPercentile(50)));
        o.put("present p99 ms", Load.ms(present.getValueAtPercentile(99)));
        o.put("back-dated p50 ms", Load.ms(backDated.getValueAtPercentile(50)));
        o.put("back-dated p99 ms", Load.ms(backDated.getValueAtPercentile(99)));
        o.put("background events/s", Math.round(backgroundRate));
        o.put("log events", eventsIn(stack.projection()));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("p50 ms", Load.ms(base.getValueAtPercentile(50)));
        b.put("p99 ms", Load.ms(base.getValueAtPercentile(99)));
        return new Bench.Result("freshness", o, b, String.format("p99 %.1fx (present) / %.1fx (back-dated)",
                (double) present.getValueAtPercentile(99) / base.getValueAtPercentile(99),
                (double) backDated.getValueAtPercentile(99) / base.getValueAtPercentile(99)), "p99 <= 5x baseline about now, <= 20x back-dated",
                "sequential samples while other clients post live events at a steady rate; baseline: plain producer ack to plain consumer poll, same load");
    }

    /** Posts each event and waits until the projection serves it: the latency from the 201 on. */
    private Histogram visible(List<String> bodies) throws Exception {
        Histogram latency = new Histogram(3);
        List<long[]> slowest = new ArrayList<>(); // {sample, microseconds}
        java.time.LocalTime from = java.time.LocalTime.now(java.time.ZoneOffset.UTC).withNano(0);
        for (String body : bodies) {
            Http1.Reply posted = Load.post(stack.ingest().url("/events"), "application/json", body);
            long acknowledged = System.nanoTime();
            String token = EventJson.mapper().readTree(posted.body()).get("consistencyToken").asText();
            check(Load.get(stack.projection().url("/operations?consistencyToken=" + token), null), 200);
            long micros = (System.nanoTime() - acknowledged) / 1_000;
            latency.recordValue(micros);
            slowest.add(new long[] {slowest.size(), micros});
        }
        slowest.sort((a, b) -> Long.compare(b[1], a[1]));
        // With the wall-clock window (UTC), to find the samples' units in the services' and PostgreSQL's logs.
        System.out.println("  " + bodies.size() + " samples " + from + "-" + java.time.LocalTime.now(java.time.ZoneOffset.UTC).withNano(0)
                + " UTC; slowest (index: ms): " + slowest.stream().limit(8).map(x -> x[0] + ": " + x[1] / 1000).toList());
        return latency;
    }

    /**
     * CPU time used by the services, for figures on a machine whose cores the load generator, the
     * broker and PostgreSQL share: CPU milliseconds per event tell what throughput alone would not.
     */
    private record Cpu(long ingest, long projection, long bench, long postgres) {
        static Cpu now(LedgerStack stack) throws Exception {
            return new Cpu(cpuMillis(stack.ingest().pid()), cpuMillis(stack.projection().pid()), cpuMillis(ProcessHandle.current().pid()),
                    postgresCpuMillis());
        }

        /** Per event; the broker runs in a process of its own (StackProcess), not counted here nor in the baseline's. */
        Map<String, Object> since(Cpu before, int events) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ingest CPU ms/event", perEvent(ingest - before.ingest, events));
            m.put("projection CPU ms/event", perEvent(projection - before.projection, events));
            m.put("PostgreSQL CPU ms/event", perEvent(postgres - before.postgres, events));
            m.put("load generator CPU ms/event", perEvent(bench - before.bench, events));
            m.put("all CPU ms/event", perEvent(ingest + projection + postgres + bench - before.ingest - before.projection - before.postgres
                    - before.bench, events));
            return m;
        }

        private static double perEvent(long millis, int events) {
            return Math.round(millis * 1000.0 / events) / 1000.0;
        }
    }

    /** CPU of every PostgreSQL process, those that exited included (the postmaster's reaped children). */
    static long postgresCpuMillis() throws Exception {
        long total = 0;
        try (var processes = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
            for (java.nio.file.Path dir : processes.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (!java.nio.file.Files.readString(dir.resolve("comm")).startsWith("postgres")) {
                        continue;
                    }
                    total += statMillis(dir, 14);
                } catch (java.io.IOException gone) {
                    // exited meanwhile: its time is in its parent's children fields
                }
            }
        }
        return total;
    }

    /** utime + stime of a process, from /proc (clock ticks of 10 ms). */
    static long cpuMillis(long pid) throws Exception {
        return statMillis(java.nio.file.Path.of("/proc", String.valueOf(pid)), 12);
    }

    /** CPU from /proc/PID/stat: its time fields from utime up to {@code last} (counted after the command: 11 utime, 12 stime, 13-14 reaped children). */
    private static long statMillis(java.nio.file.Path process, int last) throws java.io.IOException {
        String stat = java.nio.file.Files.readString(process.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = 0;
        for (int i = 11; i <= last; i++) {
            ticks += Long.parseLong(fields[i]);
        }
        return ticks * 10;
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static Bench.Result result(String name, Map<String, Object> ours, Map<String, Object> base, List<Double> o, List<Double> b,
                                       String target, String notes) {
        double ratio = o.stream().sorted().toList().get(o.size() / 2) / b.stream().sorted().toList().get(b.size() / 2);
        return new Bench.Result(name, ours, base, String.format("%.2fx baseline throughput (medians)", ratio), target, notes);
    }

    static void check(Http1.Reply response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response.statusCode() + ": " + response.body());
        }
    }

    static String topic(String name) {
        TestInfrastructure.createTopic(name, 6);
        return name;
    }

    static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", TestInfrastructure.bootstrapServers(), "acks", "all", "enable.idempotence", true,
                "linger.ms", 1, "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class));
    }

    private static KafkaProducer<String, byte[]> transactionalProducer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", TestInfrastructure.bootstrapServers(), "acks", "all", "enable.idempotence", true,
                "linger.ms", 1, "transactional.id", "bench-" + UUID.randomUUID(), "key.serializer", StringSerializer.class,
                "value.serializer", ByteArraySerializer.class));
    }

    /** The subject an operator's event is about: ingest's record key. */
    private static String subjectOf(String body) {
        try {
            return org.custodyledger.events.EventReader.readSubmission(EventJson.parse(body.getBytes(StandardCharsets.UTF_8)), Instant.now())
                    .value().data().subject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", TestInfrastructure.bootstrapServers(), "group.id", "bench-" + UUID.randomUUID(),
                "enable.auto.commit", false, "max.poll.records", 2000, "key.deserializer", StringDeserializer.class,
                "value.deserializer", ByteArrayDeserializer.class));
    }

    /** Writes a generated log (about n events) as ingest would store it (keys, values) with a plain producer; the records written. */
    static int produceLog(String topic, int n) throws Exception {
        topic(topic);
        System.out.println("  writing " + n + " generated events to " + topic + "...");
        try (KafkaProducer<String, byte[]> producer = producer()) {
            List<Envelope> log = LogGenerator.generate(42, n);
            for (Envelope e : log) {
                producer.send(TestInfrastructure.signed(topic, e.data().subject(), EventJson.write(e)));
            }
            producer.flush();
            return log.size();
        }
    }

    /**
     * Where PostgreSQL's time went in a database, by statement (the local stack preloads
     * pg_stat_statements): the first thing to look at when a replay is slower than its baseline.
     */
    private static void printStatementTimes(String jdbc) throws Exception {
        try (Connection c = TestInfrastructure.superuser(jdbc); var s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            var rows = s.executeQuery("SELECT total_exec_time / 1000, calls, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 110), "
                    + "total_plan_time / 1000 FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                    + "ORDER BY total_exec_time + total_plan_time DESC LIMIT 15");
            System.out.println("  PostgreSQL time by statement (pg_stat_statements, this database; planning apart):");
            while (rows.next()) {
                System.out.printf("    %6.2f s + plan %5.2f s %6d calls %9d rows  %s%n", rows.getDouble(1), rows.getDouble(5), rows.getLong(2),
                        rows.getLong(3), rows.getString(4));
            }
            // A table read whole again and again is a plan that grows with the log.
            rows = s.executeQuery("SELECT schemaname || '.' || relname, seq_scan, seq_tup_read, coalesce(idx_scan, 0) FROM pg_stat_user_tables "
                    + "WHERE seq_tup_read > 0 ORDER BY seq_tup_read DESC LIMIT 8");
            System.out.println("  sequential scans by table (pg_stat_user_tables):");
            while (rows.next()) {
                System.out.printf("    %-40s %8d scans %12d rows read %9d index scans%n", rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4));
            }
        }
    }

    private static void resetStatementTimes(String jdbc) throws Exception {
        resetStatementTimes(jdbc, true);
    }

    /** @param tables also the table counters (sequential scans), which autovacuum decides by: not while a log is being kept live */
    private static void resetStatementTimes(String jdbc, boolean tables) throws Exception {
        try (Connection c = TestInfrastructure.superuser(jdbc); var s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            // Planning time too: a statement planned per call can cost more to plan than to run.
            s.execute("ALTER SYSTEM SET pg_stat_statements.track_planning = on");
            s.execute("SELECT pg_reload_conf()");
            s.execute("SELECT pg_stat_statements_reset()");
            if (tables) {
                s.execute("SELECT pg_stat_reset()");
            }
        }
    }

    /** The baseline of a replay: read every record and COPY one row per event into PostgreSQL. */
    private long readAndCopy(String topic) throws Exception {
        String jdbc = LedgerStack.createDatabase(topic + "_baseline");
        long rows = 0;
        try (KafkaConsumer<String, byte[]> consumer = consumer(); Connection c = TestInfrastructure.superuser(jdbc)) {
            c.createStatement().execute("CREATE TABLE event (event_id text PRIMARY KEY, occurred_at text, body jsonb)");
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                StringBuilder csv = new StringBuilder();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode event = EventJson.parse(record.value());
                    csv.append(event.get("eventId").asText()).append('\t').append(event.get("occurredAt").asText()).append('\t')
                            .append(new String(record.value(), StandardCharsets.UTF_8).replace("\\", "\\\\")).append('\n');
                    rows++;
                }
                if (csv.length() > 0) {
                    copy.copyIn("COPY event FROM STDIN", new java.io.StringReader(csv.toString()));
                }
            }
        }
        return rows;
    }

    /** Until the projection's published position covers every record of the topic (its derivations included). */
    static void awaitCaughtUp(ServiceProcess projection, String topic) throws Exception {
        long end;
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            end = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
        long lastReport = System.nanoTime();
        while (true) {
            JsonNode status = EventJson.mapper().readTree(Load.get(projection.url("/admin/status"), null).body());
            if (eventsIn(status) >= end) {
                return;
            }
            if (System.nanoTime() - lastReport > 10e9) {
                System.out.println("  replaying... position " + status.get("position").asText() + ", lag " + status.get("lag").asLong());
                lastReport = System.nanoTime();
            }
            Thread.sleep(100);
        }
    }

    private static long eventsIn(ServiceProcess projection) throws Exception {
        return eventsIn(EventJson.mapper().readTree(Load.get(projection.url("/admin/status"), null).body()));
    }

    /** Records the projection has applied and published: the sum of its positions. */
    private static long eventsIn(JsonNode status) {
        long total = 0;
        for (JsonNode offset : status.get("positions")) {
            total += offset.asLong();
        }
        return total;
    }

    static long rssMegabytes(long pid) throws Exception {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    private static long heapMegabytes(ServiceProcess projection) throws Exception {
        return Math.round(metric(projection, "jvm_memory_used_bytes{area=\"heap\"") / 1024 / 1024);
    }

    /** The sum of a Prometheus metric's series that start with {@code prefix} (name and leading labels). */
    static double metric(ServiceProcess projection, String prefix) throws Exception {
        double sum = 0;
        for (String line : Load.get(projection.url("/q/metrics"), null).body().split("\n")) {
            if (line.startsWith(prefix)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

}
