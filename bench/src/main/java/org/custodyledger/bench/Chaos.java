package org.custodyledger.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import com.fasterxml.jackson.databind.JsonNode;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventJson;
import org.custodyledger.events.LogHeaders;
import org.custodyledger.ledger.LedgerDigest;
import org.custodyledger.ledger.LedgerFold;
import org.custodyledger.stack.StackProcess;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.LogReader;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.TestInfrastructure;

/**
 * Fault injection on a running stack under steady load: concurrent clients post events (each with
 * its own eventId, retrying a 503 or a lost connection later, as the API tells them to) while a
 * fault is injected and healed: the broker or PostgreSQL frozen (SIGSTOP) or killed (SIGKILL) and
 * restarted, ingest killed mid-batch, the projection killed mid catch-up. For each it counts what
 * was attempted, acknowledged, answered 503, lost (acknowledged but not in the log), double
 * counted (more than one record of an eventId), appended after a 503 that said nothing was, the
 * slowest 503 and the time to recover; and checks that the projection ends at the digest of the
 * log as the fold computes it. Bounded in time; loopback only.
 *
 * <p>Usage: {@code Chaos [--smoke] [--out DIR]} (run by {@code ./ledger chaos})
 */
public final class Chaos {
    /** One fault's outcome; {@code ok} when nothing was lost, doubled or wrongly answered, and the digest agrees. */
    public record Row(String fault, long attempted, long acknowledged, long unavailable, long noAnswer, long lost, long doubled,
                      long appendedAfter503, long slowest503Millis, long recoverMillis, boolean digestAgrees) {
        public boolean ok() {
            return lost == 0 && doubled == 0 && appendedAfter503 == 0 && digestAgrees;
        }
    }

    /** Events the projection is behind when it is killed mid catch-up. */
    private static final int BACKLOG = 100_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path root;
    private final boolean smoke;
    private final Map<String, String> env;
    private final AtomicReference<ServiceProcess> ingest = new AtomicReference<>();
    private final AtomicReference<ServiceProcess> projection = new AtomicReference<>();

    private Chaos(Path root, boolean smoke, Map<String, String> env) {
        this.root = root;
        this.smoke = smoke;
        this.env = env;
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = List.of(args).contains("--smoke");
        List<Row> rows = run(Path.of("."), smoke);
        System.exit(rows.stream().allMatch(Row::ok) ? 0 : 1);
    }

    public static List<Row> run(Path root, boolean smoke) throws Exception {
        TestInfrastructure.startOnce();
        String name = "chaos_" + System.currentTimeMillis();
        Map<String, String> env = new HashMap<>(Map.of("LEDGER_TOPIC", name, "LEDGER_JDBC_URL", LedgerStack.createDatabase(name),
                // Stable across restarts, so a restarted ingest fences its predecessor's open transactions.
                "LEDGER_INSTANCE_ID", "chaos-ingest"));
        Chaos chaos = new Chaos(root, smoke, env);
        chaos.ingest.set(LedgerStack.startIngest(root, env, true));
        chaos.projection.set(LedgerStack.startProjection(root, env, Map.of()));
        List<Row> rows = new ArrayList<>();
        try {
            // Longer than the request timeout (4 s) even in the smoke run, so a frozen dependency must be answered 503.
            int hold = smoke ? 7 : 10;
            rows.add(chaos.fault("broker frozen " + hold + " s", () -> TestInfrastructure.kafka().pause(), hold,
                    () -> TestInfrastructure.kafka().resume()));
            rows.add(chaos.fault("postgres frozen " + hold + " s", () -> TestInfrastructure.postgres().pause(), hold,
                    () -> TestInfrastructure.postgres().resume()));
            rows.add(chaos.fault("ingest killed (SIGKILL) mid-load, restarted", () -> chaos.ingest.get().kill(), 1,
                    () -> chaos.ingest.set(LedgerStack.startIngest(root, env, true))));
            if (!smoke) {
                rows.add(chaos.fault("broker killed (SIGKILL), restarted", () -> TestInfrastructure.kafka().kill(), 3,
                        () -> TestInfrastructure.kafka().start(Duration.ofSeconds(60))));
                rows.add(chaos.fault("postgres killed (SIGKILL), restarted", () -> TestInfrastructure.postgres().kill(), 3,
                        () -> TestInfrastructure.postgres().start(Duration.ofSeconds(60))));
                rows.add(chaos.fault("projection killed (SIGKILL) mid catch-up of " + BACKLOG / 1000 + "k events, restarted",
                        chaos::killMidCatchUp, 2, () -> chaos.projection.set(LedgerStack.startProjection(root, env, Map.of(), false))));
            }
        } finally {
            chaos.ingest.get().close();
            chaos.projection.get().close();
        }
        print(rows);
        return rows;
    }

    /**
     * Puts the projection {@link #BACKLOG} events behind (stopped while they are posted through the
     * batch API), starts it, and kills it once it is well into catching up.
     */
    private void killMidCatchUp() {
        try {
            projection.get().close();
            List<String> lines = new ArrayList<>();
            for (Envelope e : org.custodyledger.ledger.LogGenerator.generate(7, BACKLOG)) {
                var tree = EventJson.toTree(e);
                tree.remove(List.of("recordedAt", "recordedBy", "schemaVersion"));
                lines.add(tree.toString());
            }
            System.out.println("  posting " + lines.size() + " events while the projection is stopped...");
            for (int i = 0; i < lines.size(); i += 1000) {
                String batch = String.join("\n", lines.subList(i, Math.min(lines.size(), i + 1000)));
                for (int attempt = 0; ; attempt++) {
                    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(ingest.get().url("/events/batch")))
                            .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/x-ndjson").header("Authorization", ServiceProcess.bearer())
                            .POST(HttpRequest.BodyPublishers.ofString(batch)).build(), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 201 || answer.statusCode() == 200) {
                        break;
                    }
                    if (attempt == 10) {
                        throw new IllegalStateException("POST /events/batch: " + answer.statusCode() + " " + answer.body());
                    }
                    pause(1_000);
                }
            }
            ServiceProcess catchingUp = LedgerStack.startProjection(root, env, Map.of(), false);
            projection.set(catchingUp);
            long start = applied(catchingUp);
            for (int i = 0; i < 600 && applied(catchingUp) < start + BACKLOG / 5; i++) {
                pause(100);
            }
            System.out.println("  killing the projection at " + applied(catchingUp) + " applied records");
            catchingUp.kill();
        } catch (Exception e) {
            throw new IllegalStateException("could not put the projection behind: " + e, e);
        }
    }

    /** Records the projection has applied and published (the sum of its positions); 0 while it does not answer. */
    private static long applied(ServiceProcess projection) {
        try {
            long total = 0;
            for (var offset : EventJson.mapper().readTree(ServiceProcess.get(projection.url("/admin/status")).body()).path("positions")) {
                total += offset.asLong();
            }
            return total;
        } catch (Exception notYet) {
            return 0;
        }
    }

    /** What one client learned about one eventId: its first answer, and whether any answer acknowledged it. */
    private static final class Outcome {
        volatile int firstStatus = -1;
        volatile String firstProblem;
        volatile boolean acknowledged;
        volatile long answeredAfterNanos;
    }

    private Row fault(String fault, Runnable inject, int holdSeconds, Runnable heal) throws Exception {
        Map<UUID, Outcome> outcomes = new ConcurrentHashMap<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong healedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong recovered = new AtomicLong(-1);
        AtomicLong slowest503 = new AtomicLong();
        int clients = 4;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            pool.submit(() -> {
                for (int i = 0; loading.get(); i++) {
                    UUID id = UUID.randomUUID();
                    Outcome outcome = new Outcome();
                    outcomes.put(id, outcome);
                    long started = System.nanoTime();
                    // Every fourth request is a batch of three: kills land mid-batch too.
                    List<UUID> ids = new ArrayList<>(List.of(id));
                    if (i % 4 == 3) {
                        for (int k = 0; k < 2; k++) {
                            UUID more = UUID.randomUUID();
                            ids.add(more);
                            outcomes.put(more, new Outcome());
                        }
                    }
                    Answer answer = post(ids, client);
                    int status = answer.status();
                    long took = System.nanoTime() - started;
                    for (UUID each : ids) { // a batch's answer is each of its events' answer
                        Outcome o = outcomes.get(each);
                        o.firstStatus = status;
                        o.firstProblem = answer.problem();
                        o.answeredAfterNanos = took;
                        o.acknowledged = status == 201 || status == 200;
                    }
                    if (status == 201 || status == 200) {
                        if (System.nanoTime() > healedAt.get()) {
                            recovered.compareAndSet(-1, System.nanoTime() - healedAt.get());
                        }
                    } else if (status == 503) {
                        slowest503.accumulateAndGet(took / 1_000_000, Math::max);
                    }
                    pause(status == 0 ? 250 : 20); // no service to answer: wait a little before the next one
                }
                return null;
            });
        }
        pause(2_000);
        inject.run();
        pause(holdSeconds * 1_000L);
        heal.run();
        healedAt.set(System.nanoTime());
        pause(smoke ? 4_000 : 8_000);
        loading.set(false);
        pool.shutdown();
        pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);

        // What the log holds before anyone retries: nothing whose only answers were "nothing appended".
        Map<UUID, Long> before = recordsPerEventId();
        long appendedAfter503 = outcomes.entrySet().stream().filter(e -> !e.getValue().acknowledged && e.getValue().firstStatus == 503
                && "log-unavailable".equals(e.getValue().firstProblem) && before.containsKey(e.getKey())).count();
        // Clients retry what was not acknowledged until it is.
        for (Map.Entry<UUID, Outcome> e : outcomes.entrySet()) {
            if (!e.getValue().acknowledged) {
                for (int attempt = 0; attempt < 60 && !e.getValue().acknowledged; attempt++) {
                    int status = post(List.of(e.getKey()), 0).status();
                    e.getValue().acknowledged = status == 200 || status == 201;
                    if (!e.getValue().acknowledged) {
                        pause(1_000);
                    }
                }
            }
        }
        Map<UUID, Long> after = recordsPerEventId();
        long lost = outcomes.entrySet().stream().filter(e -> e.getValue().acknowledged && !after.containsKey(e.getKey())).count();
        long doubled = after.values().stream().filter(n -> n > 1).count();
        long acknowledgedFirst = outcomes.values().stream().filter(o -> o.firstStatus == 200 || o.firstStatus == 201).count();
        long unavailable = outcomes.values().stream().filter(o -> o.firstStatus == 503).count();
        long noAnswer = outcomes.values().stream().filter(o -> o.firstStatus == 0).count();
        return new Row(fault, outcomes.size(), acknowledgedFirst, unavailable, noAnswer, lost, doubled, appendedAfter503, slowest503.get(),
                recovered.get() < 0 ? -1 : recovered.get() / 1_000_000, digestAgrees());
    }

    /** @param status 0 when no answer came (the service is down); @param problem the problem type's last part, if any */
    private record Answer(int status, String problem) {
    }

    /** Posts events (one, or a batch). */
    private Answer post(List<UUID> ids, int client) {
        StringBuilder body = new StringBuilder();
        for (UUID id : ids) {
            body.append("{\"eventId\":\"").append(id).append("\",\"type\":\"CustodianChanged\",\"occurredAt\":\"2026-03-01T00:00:00Z\",")
                    .append("\"data\":{\"facilityId\":\"chaos-").append(client).append("\",\"custodian\":\"c-").append(id.toString(), 0, 8)
                    .append("\"}}\n");
        }
        String path = ids.size() == 1 ? "/events" : "/events/batch";
        String type = ids.size() == 1 ? "application/json" : "application/x-ndjson";
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(ingest.get().url(path))).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", type).header("Authorization", ServiceProcess.bearer()).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            String problem = null;
            if (answer.statusCode() >= 400) {
                String problemType = EventJson.mapper().readTree(answer.body()).path("type").asText();
                problem = problemType.substring(problemType.lastIndexOf(':') + 1);
            }
            return new Answer(answer.statusCode(), problem);
        } catch (java.io.IOException e) {
            return new Answer(0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null);
        }
    }

    private Map<UUID, Long> recordsPerEventId() {
        Map<UUID, Long> counts = new HashMap<>();
        for (var record : LogReader.readAll(TestInfrastructure.bootstrapServers(), env.get("LEDGER_TOPIC"))) {
            String id = LogReader.header(record, LogHeaders.ID);
            if (id != null) {
                counts.merge(UUID.fromString(id), 1L, Long::sum);
            }
        }
        return counts;
    }

    /**
     * Whether the projection, once caught up (within three minutes), has the digest of a clean
     * rebuild of the log: the pure fold's, or beyond {@link #FOLD_LIMIT} events (the fold re-walks
     * the log for every claim's instant) a fresh projection's on a database of its own.
     */
    private boolean digestAgrees() throws Exception {
        List<Envelope> log = new ArrayList<>();
        for (var record : LogReader.readAll(TestInfrastructure.bootstrapServers(), env.get("LEDGER_TOPIC"))) {
            var read = org.custodyledger.events.EventReader.readStored(EventJson.parse(record.value()));
            if (read.isValid()) {
                log.add(read.value());
            }
        }
        String expected;
        if (log.size() <= FOLD_LIMIT) {
            expected = LedgerDigest.of(LedgerFold.at(log, java.time.Instant.parse("9999-12-31T23:59:59Z")));
        } else {
            Map<String, String> fresh = new HashMap<>(env);
            fresh.put("LEDGER_JDBC_URL", LedgerStack.createDatabase(env.get("LEDGER_TOPIC") + "_rebuild_" + System.nanoTime() % 1000));
            try (ServiceProcess rebuild = LedgerStack.startProjection(root, fresh, Map.of(), false)) {
                expected = caughtUpDigest(rebuild, null, log.size());
            }
            if (expected == null) {
                return false;
            }
        }
        return expected.equals(caughtUpDigest(projection.get(), expected, log.size()));
    }

    private static final int FOLD_LIMIT = 20_000;

    /** The digest once the projection has applied every record of the log (and, if given, once it equals {@code expected}); null after three minutes. */
    private String caughtUpDigest(ServiceProcess service, String expected, int records) throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        String last = null;
        while (System.nanoTime() < deadline) {
            try {
                JsonNode status = EventJson.mapper().readTree(ServiceProcess.get(service.url("/admin/status")).body());
                if (status.path("lag").asLong(-1) == 0) {
                    HttpResponse<String> answer = ServiceProcess.get(service.url("/admin/digest"));
                    if (answer.statusCode() == 200) {
                        last = EventJson.mapper().readTree(answer.body()).path("digest").asText();
                        if (expected == null || last.equals(expected)) {
                            return last;
                        }
                    }
                }
            } catch (IllegalStateException | java.io.IOException down) {
                // restarting
            }
            pause(1_000);
        }
        System.out.println("  no agreeing digest within 3 minutes (last " + last + ", " + records + " events in the log)");
        return expected == null ? null : last;
    }

    private static void pause(long millis) {
        StackProcess.sleep(millis);
    }

    private static void print(List<Row> rows) {
        System.out.println();
        System.out.println("| fault | attempted | acknowledged | 503 | no answer | lost | double counted | appended after 503 | slowest 503 ms | recovered after ms | digest = clean rebuild |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            System.out.printf("| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s |%n", r.fault(), r.attempted(), r.acknowledged(), r.unavailable(),
                    r.noAnswer(),
                    r.lost(), r.doubled(), r.appendedAfter503(), r.slowest503Millis(), r.recoverMillis(), r.digestAgrees() ? "yes" : "NO");
        }
    }
}
