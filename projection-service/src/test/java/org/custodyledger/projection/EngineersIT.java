package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventJson;
import org.custodyledger.ledger.LogGenerator;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.SharedFixtures;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * The engineers' workflows as they run them: the CLI as a process against the packaged services.
 * A replay killed hard resumes and ends with the same digest; an export imported into a fresh
 * stack gives the same digest; poison records land in the DLQ with their reasons.
 */
class EngineersIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path CLI_JAR = Path.of("..", "cli", "target", "cli-1.0.0-SNAPSHOT.jar");
    static final Path CLI_CLASSPATH = Path.of("..", "cli", "target", "cli.classpath");

    record Run(int exit, String out, String err) {
    }

    static Run cli(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                CLI_JAR + java.io.File.pathSeparator + Files.readString(CLI_CLASSPATH).strip(), "org.custodyledger.cli.LedgerCli"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("cli-out", ".txt");
        Path err = Files.createTempFile("cli-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("cli " + String.join(" ", args) + " finished").isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    static Map<String, String> cliEnv(LedgerStack stack, ServiceProcess projection) {
        return Map.of("LEDGER_INGEST_URL", stack.ingest().url(""), "LEDGER_PROJECTION_URL", projection.url(""),
                "KAFKA_BOOTSTRAP_SERVERS", TestInfrastructure.bootstrapServers(), "LEDGER_TOPIC", stack.env().get("LEDGER_TOPIC"),
                "LEDGER_TOKEN", TestInfrastructure.token());
    }

    static JsonNode replayStatus(ServiceProcess projection) throws IOException {
        return JSON.readTree(ServiceProcess.get(projection.url("/admin/replay")).body());
    }

    @Test
    void replayKilledHardResumesExportImportAndDeadLetters() throws Exception {
        // Small units of work make the replay long enough to be killed in the middle.
        try (LedgerStack a = LedgerStack.fresh(SeedCaseIT.ROOT, "eng_a", Map.of("LEDGER_MAX_POLL_RECORDS", "5"))) {
            assertThat(ServiceProcess.post(a.ingest().url("/events/batch"), "application/x-ndjson", SharedFixtures.seedNdjson()).statusCode())
                    .isEqualTo(201);
            List<Envelope> generated = LogGenerator.generate(5, 1_500);
            for (int i = 0; i < generated.size(); i += 100) {
                StringBuilder batch = new StringBuilder();
                for (Envelope e : generated.subList(i, Math.min(generated.size(), i + 100))) {
                    batch.append(EventJson.toTree(e).without(List.of("recordedAt", "recordedBy", "schemaVersion")).toString()).append('\n');
                }
                assertThat(ServiceProcess.post(a.ingest().url("/events/batch"), "application/x-ndjson", batch.toString()).statusCode())
                        .isEqualTo(201);
            }
            ServiceProcess projection = a.projection();
            Map<String, String> env = cliEnv(a, projection);
            Run help = cli(env, "export", "--help");
            assertThat(help.exit()).isZero();
            assertThat(help.out()).contains("--out");
            assertThat(cli(env, "frobnicate").exit()).isEqualTo(2);

            String digest = awaitDigestStable(env);
            Run status = cli(env, "status");
            assertThat(status.exit()).isZero();
            assertThat(status.out()).contains("position", "partition");

            // Replay, killed hard while building; the restarted service resumes it.
            assertThat(cli(env, "replay", "--no-wait").exit()).isZero();
            JsonNode building = replayStatus(projection);
            for (int i = 0; i < 200 && !(building.get("phase").asText().equals("BUILDING") && building.get("eventsDone").asLong() > 0); i++) {
                Thread.sleep(20);
                building = replayStatus(projection);
            }
            assertThat(building.get("phase").asText()).isEqualTo("BUILDING");
            projection.kill();
            projection = a.startProjection(Map.of("LEDGER_MAX_POLL_RECORDS", "5"));
            env = cliEnv(a, projection);
            try {
                Run replay = cli(env, "replay");
                assertThat(replay.exit()).as(replay.err()).isZero();
                assertThat(replay.out()).contains("digest before " + digest, "digest after  " + digest);
                assertThat(cli(env, "digest").out().strip()).isEqualTo(digest);
                // Both requests for a replay, newest first, with who asked: the one started before the kill, and the CLI's
                // second (refused while the resumed one ran, or started if that had already ended).
                Run audit = cli(env, "audit", "--last", "10");
                assertThat(audit.exit()).as(audit.err()).isZero();
                List<String> replays = audit.out().lines().filter(l -> l.contains("  replay  -> ")).toList();
                assertThat(replays).as(audit.out()).hasSize(2)
                        .allMatch(l -> l.contains(" <test:suite> ") && (l.endsWith("-> started") || l.endsWith("-> refused: 409 A replay is running")));
                assertThat(replays.get(1)).endsWith("-> started");

                // Export, then import into a fresh stack: the same digest.
                Path export = Files.createTempFile("ledger-export", ".ndjson");
                Run exported = cli(env, "export", "--out", export.toString());
                assertThat(exported.exit()).as(exported.err()).isZero();
                assertThat(Files.readAllLines(export)).hasSizeGreaterThan(1_500);
                try (LedgerStack b = LedgerStack.fresh(SeedCaseIT.ROOT, "eng_b", Map.of())) {
                    Map<String, String> envB = cliEnv(b, b.projection());
                    Run imported = cli(envB, "import", "--in", export.toString(), "--batch", "200");
                    assertThat(imported.exit()).as(imported.err()).isZero();
                    assertThat(imported.out()).contains("appended");
                    assertThat(awaitDigest(envB, digest)).isEqualTo(digest);
                }

                // Poison records of each kind: DLQ with reasons, listed as anomalies, figures unaffected.
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", TestInfrastructure.bootstrapServers(),
                        "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class))) {
                    String good = new String(EventJson.write(generated.get(0)), StandardCharsets.UTF_8);
                    for (String poison : List.of("{not json", good.replace("\"type\":\"", "\"type\":\"Unknown"),
                            good.replaceFirst("\"schemaVersion\":\\d+", "\"schemaVersion\":9"), good.replace("\"eventId\":\"", "\"eventId\":\"x"))) {
                        producer.send(TestInfrastructure.signed(a.env().get("LEDGER_TOPIC"), "poison", poison.getBytes(StandardCharsets.UTF_8))).get();
                    }
                    // A valid event written straight to the topic, not through ingest: not trusted.
                    producer.send(new ProducerRecord<>(a.env().get("LEDGER_TOPIC"), "forged", EventJson.write(generated.get(1)))).get();
                }
                Run dlq = null;
                for (int i = 0; i < 50; i++) {
                    dlq = cli(env, "dlq", "list");
                    if (dlq.out().contains("5 dead letter(s)")) {
                        break;
                    }
                    Thread.sleep(300);
                }
                assertThat(dlq.out()).contains("5 dead letter(s)", "undecodable JSON", "unknown event type", "newer than this release", "eventId",
                        "unsigned: the record did not come through ingest");
                JsonNode anomalies = JSON.readTree(ServiceProcess.get(projection.url("/anomalies")).body());
                assertThat(anomalies.get("rejectedRecords")).hasSize(5);
                assertThat(cli(env, "digest").out().strip()).isEqualTo(digest);
                Run tail = cli(env, "tail", "--from-beginning", "--type", "TransferInitiated", "--limit", "3");
                assertThat(tail.exit()).isZero();
                assertThat(tail.out().lines().toList()).hasSize(3).allMatch(l -> l.contains("TransferInitiated"));
            } finally {
                projection.close();
            }
        }
    }

    private static String awaitDigestStable(Map<String, String> env) throws Exception {
        String last = null;
        for (int i = 0; i < 100; i++) {
            JsonNode status = JSON.readTree(ServiceProcess.get(env.get("LEDGER_PROJECTION_URL") + "/admin/status").body());
            String digest = cli(env, "digest").out().strip();
            if (status.get("lag").asLong() == 0 && digest.equals(last)) {
                return digest;
            }
            last = digest;
            Thread.sleep(300);
        }
        throw new AssertionError("projection did not settle");
    }

    private static String awaitDigest(Map<String, String> env, String expected) throws Exception {
        String digest = null;
        for (int i = 0; i < 100 && !expected.equals(digest); i++) {
            digest = cli(env, "digest").out().strip();
            Thread.sleep(300);
        }
        return digest;
    }
}
