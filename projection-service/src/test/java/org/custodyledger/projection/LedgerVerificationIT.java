package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.LogReader;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.SharedFixtures;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * An auditor's check of the log without trusting its operators: an export verified against the
 * signed checkpoints, and each tampering (an edited, shortened or reordered export, records
 * deleted from the log and written to it directly, an edited export imported into a fresh stack)
 * reported at the record where it happened.
 */
class LedgerVerificationIT {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = EngineersIT.JSON;

    @Test
    void anExportVerifiesAndEachTamperingIsFoundWhereItHappened() throws Exception {
        try (LedgerStack a = LedgerStack.fresh(SeedCaseIT.ROOT, "verify_a", Map.of("LEDGER_CHECKPOINT_EVERY", "1S"))) {
            assertThat(ServiceProcess.post(a.ingest().url("/events/batch"), "application/x-ndjson", SharedFixtures.seedNdjson()).statusCode())
                    .isEqualTo(201);
            String topic = a.env().get("LEDGER_TOPIC");
            int records = LogReader.readAll(TestInfrastructure.bootstrapServers(), topic).size();
            awaitCheckpointOf(a, records);
            Map<String, String> env = EngineersIT.cliEnv(a, a.projection());

            Path export = Files.createTempFile("export", ".ndjson");
            EngineersIT.Run exported = EngineersIT.cli(env, "export", "-o", export.toString());
            assertThat(exported.exit()).as(exported.err()).isZero();
            EngineersIT.Run verified = EngineersIT.cli(env, "verify", "--export", export.toString());
            assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
            assertThat(verified.out()).contains("verified: " + records + " records in ").doesNotContain("FAILED");
            // An attested report: the answer, signed with the state of the log it was computed from.
            HttpResponse<String> attested = ServiceProcess.get(a.projection().url("/operations/op-syria-iraq-2026?attest=true"));
            assertThat(attested.statusCode()).as(attested.body()).isEqualTo(200);
            JsonNode report = JSON.readTree(attested.body());
            JsonNode latestCheckpoint = JSON.readTree(ServiceProcess.get(a.projection().url("/audit/checkpoints/latest")).body());
            assertThat(report.get("attestation").get("request").asText()).isEqualTo("/operations/op-syria-iraq-2026");
            assertThat(report.get("attestation").get("checkpoint").asLong()).isEqualTo(latestCheckpoint.get("sequence").asLong());
            assertThat(report.get("answer")).isEqualTo(JSON.readTree(ServiceProcess.get(a.projection().url("/operations/op-syria-iraq-2026")).body()));
            Path savedReport = Files.createTempFile("report", ".json");
            Files.writeString(savedReport, attested.body());
            Path savedLatest = Files.createTempFile("latest", ".json");
            Files.writeString(savedLatest, latestCheckpoint.toString());
            EngineersIT.Run reportRun = EngineersIT.cli(env, "verify-report", savedReport.toString(), "--checkpoint", savedLatest.toString());
            assertThat(reportRun.exit()).as(reportRun.out() + reportRun.err()).isZero();
            assertThat(reportRun.out()).contains("ok      the answer to GET /operations/op-syria-iraq-2026 is the one the projection signed",
                    "at checkpoint " + latestCheckpoint.get("sequence").asLong());
            String oneFigure = attested.body().replace("\"received\":5704", "\"received\":5705");
            assertThat(oneFigure).isNotEqualTo(attested.body());
            Files.writeString(savedReport, oneFigure);
            EngineersIT.Run changedReport = EngineersIT.cli(env, "verify-report", savedReport.toString());
            assertThat(changedReport.exit()).isEqualTo(1);
            assertThat(changedReport.out()).contains("FAILED  the answer is not the one attested", "a figure was changed");
            HttpResponse<String> page = ServiceProcess.get(a.projection().url("/transfers?limit=5&attest=true"));
            assertThat(page.statusCode()).isEqualTo(200);
            Files.writeString(savedReport, page.body());
            assertThat(EngineersIT.cli(env, "verify-report", savedReport.toString()).out()).contains("ok      the answer to GET /transfers?limit=5");
            HttpResponse<String> wrong = ServiceProcess.get(a.projection().url("/custody?attest=maybe"));
            assertThat(wrong.statusCode()).isEqualTo(400);
            assertThat(wrong.body()).contains("\"attest\"");

            // An independent monitor recomputes the trees from the topic and keeps what it trusted.
            Path monitorState = Files.createTempDirectory("monitor").resolve("state.json");
            EngineersIT.Run watched = EngineersIT.cli(env, "audit", "--follow", "--once", "--state", monitorState.toString());
            assertThat(watched.exit()).as(watched.out() + watched.err()).isZero();
            assertThat(watched.out()).contains("ok      checkpoint", "the log's " + records + " records, read from the topic, match their roots");
            assertThat(monitorState).exists();
            // What an auditor keeps: the checkpoints and the key, to check a copy of the log later, elsewhere.
            Path checkpoints = Files.createTempFile("checkpoints", ".json");
            Files.writeString(checkpoints, ServiceProcess.get(a.projection().url("/audit/checkpoints?limit=1000")).body());
            JsonNode key = JSON.readTree(ServiceProcess.get(a.projection().url("/audit/checkpoint-keys")).body()).get("keys").get(0);
            String trusted = key.get("keyId").asText() + "=" + key.get("publicKey").asText();
            Path keysFile = Files.createTempFile("keys", ".json");
            Files.writeString(keysFile, ServiceProcess.get(a.projection().url("/audit/checkpoint-keys")).body());

            List<String> lines = Files.readAllLines(export);
            int edited = indexOf(lines, "\"count\":212");
            JsonNode target = JSON.readTree(lines.get(edited));
            long position = positionInPartition(lines, edited);

            // One count changed, in the stored bytes and their readable copy alike.
            List<String> changed = new ArrayList<>(lines);
            ObjectNode line = (ObjectNode) target.deepCopy();
            line.put("value", target.get("value").asText().replace("\"count\":212", "\"count\":213"));
            line.set("event", JSON.readTree(line.get("value").asText()));
            changed.set(edited, line.toString());
            EngineersIT.Run alteredRun = verify(env, changed);
            assertThat(alteredRun.exit()).as(alteredRun.out()).isEqualTo(1);
            assertThat(alteredRun.out()).contains("FAILED  partition " + target.get("partition").asInt() + ":",
                    "the first record that differs from the signed log is #" + position + ", at offset " + target.get("offset").asLong() + " here",
                    "NOT verified");
            EngineersIT.Run offline = EngineersIT.cli(env, "verify", "--offline", "--export", write(changed).toString());
            assertThat(offline.exit()).isEqualTo(1);
            assertThat(offline.out()).contains("the first difference is at record #");

            // Only the readable copy changed: the bytes still hash right, the line says it was edited.
            List<String> readable = new ArrayList<>(lines);
            ObjectNode eventOnly = (ObjectNode) target.deepCopy();
            ((ObjectNode) eventOnly.get("event").get("data")).put("count", 213);
            readable.set(edited, eventOnly.toString());
            EngineersIT.Run readableRun = verify(env, readable);
            assertThat(readableRun.exit()).isEqualTo(1);
            assertThat(readableRun.out()).contains("offset " + target.get("offset").asLong() + ": its \"event\" is not the stored record");

            // A record left out, and two swapped.
            List<String> shortened = new ArrayList<>(lines);
            shortened.remove(edited);
            EngineersIT.Run removedRun = verify(env, shortened);
            assertThat(removedRun.exit()).isEqualTo(1);
            assertThat(removedRun.out()).contains("the first record that differs from the signed log is #" + position + ",");
            int next = nextInPartition(lines, edited);
            List<String> swapped = new ArrayList<>(lines);
            swapped.set(edited, lines.get(next));
            swapped.set(next, lines.get(edited));
            EngineersIT.Run swappedRun = verify(env, swapped);
            assertThat(swappedRun.exit()).isEqualTo(1);
            assertThat(swappedRun.out()).contains("records out of order", "the first record that differs from the signed log is #" + position + ",");

            // An edited export imported into a fresh stack: it verifies against that stack's own
            // checkpoints, never against the ones the auditor kept.
            try (LedgerStack b = LedgerStack.fresh(SeedCaseIT.ROOT, "verify_b", Map.of("LEDGER_CHECKPOINT_EVERY", "1S"))) {
                Map<String, String> envB = EngineersIT.cliEnv(b, b.projection());
                EngineersIT.Run imported = EngineersIT.cli(envB, "import", "--in", write(changed).toString());
                assertThat(imported.exit()).as(imported.out() + imported.err()).isZero();
                awaitCheckpointOf(b, records);
                Path exportB = Files.createTempFile("export-b", ".ndjson");
                assertThat(EngineersIT.cli(envB, "export", "-o", exportB.toString()).exit()).isZero();
                assertThat(EngineersIT.cli(envB, "verify", "--export", exportB.toString()).exit()).isZero();
                EngineersIT.Run against = EngineersIT.cli(envB, "verify", "--export", exportB.toString(), "--checkpoints", checkpoints.toString(),
                        "--checkpoint-key", "@" + keysFile);
                assertThat(against.exit()).as(against.out()).isEqualTo(1);
                assertThat(against.out()).contains("FAILED  partition ", "cannot prove", "NOT verified");
            }

            // For real, to the topic: the head of a partition deleted and its record written again,
            // edited; and a record written straight to the topic, not through ingest.
            ConsumerRecord<String, byte[]> first = LogReader.readAll(TestInfrastructure.bootstrapServers(), topic).stream()
                    .filter(r -> r.partition() == target.get("partition").asInt() && r.offset() == 0).findFirst().orElseThrow();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfrastructure.bootstrapServers()));
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", TestInfrastructure.bootstrapServers(),
                         "acks", "all", "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class))) {
                admin.deleteRecords(Map.of(new TopicPartition(topic, first.partition()), RecordsToDelete.beforeOffset(1))).all().get(30, TimeUnit.SECONDS);
                byte[] again = new String(first.value(), StandardCharsets.UTF_8).replace("\"count\":", "\"count\":1").getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, first.partition(), first.key(), again, first.headers())).get();
                producer.send(new ProducerRecord<>(topic, first.partition(), "facility/forged", "{\"forged\":true}".getBytes(StandardCharsets.UTF_8))).get();
            }
            awaitCheckpointOf(a, records + 2);
            Path tampered = Files.createTempFile("export-tampered", ".ndjson");
            EngineersIT.Run exportedAgain = EngineersIT.cli(env, "export", "-o", tampered.toString());
            assertThat(exportedAgain.err()).contains("partition " + first.partition() + " starts at offset 1");
            EngineersIT.Run tamperedRun = EngineersIT.cli(env, "verify", "--export", tampered.toString());
            assertThat(tamperedRun.exit()).as(tamperedRun.out()).isEqualTo(1);
            assertThat(tamperedRun.out()).contains("FAILED  partition " + first.partition() + ":",
                    "the first record that differs from the signed log is #0, at offset 1 here", "carries no ingest tag");
            // The monitor, going on from what it kept, and one starting afresh, both raise the alarm.
            EngineersIT.Run alarmed = EngineersIT.cli(env, "audit", "--follow", "--once", "--state", monitorState.toString());
            assertThat(alarmed.exit()).as(alarmed.out() + alarmed.err()).isEqualTo(1);
            assertThat(alarmed.out()).contains("ALERT   partition " + first.partition() + " of " + topic + " starts at offset 1: records 0..0 were deleted",
                    "carries no ingest tag");
            EngineersIT.Run afresh = EngineersIT.cli(env, "audit", "--follow", "--once", "--state", monitorState.resolveSibling("new.json").toString());
            assertThat(afresh.exit()).isEqualTo(1);
            assertThat(afresh.out()).contains("ALERT   the log no longer matches checkpoint ", "partition " + first.partition() + "'s first");

            // Someone holding the signing key signs a checkpoint that rewrites a partition the monitor already trusts.
            JsonNode latest = JSON.readTree(ServiceProcess.get(a.projection().url("/audit/checkpoints/latest")).body());
            Map<String, String> keys = TestInfrastructure.auditKeyEnvironment();
            List<org.custodyledger.audit.Checkpoint.PartitionRoot> forked = new ArrayList<>();
            for (JsonNode p : latest.get("partitions")) {
                forked.add(new org.custodyledger.audit.Checkpoint.PartitionRoot(p.get("partition").asInt(), p.get("size").asLong(),
                        p.get("partition").asInt() == first.partition() ? "ab".repeat(32) : p.get("root").asText()));
            }
            org.custodyledger.audit.Checkpoint fork = org.custodyledger.audit.Checkpoint.sign(
                    org.custodyledger.audit.Ed25519.SigningKey.of(keys.get("LEDGER_CHECKPOINT_KEY_ID"), keys.get("LEDGER_CHECKPOINT_KEY")),
                    latest.get("sequence").asLong() + 1, topic, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS), forked, null);
            Path forkState = monitorState.resolveSibling("fork.json");
            Files.copy(monitorState, forkState);
            try (var c = TestInfrastructure.superuser(a.env().get("LEDGER_JDBC_URL"))) {
                // The monitor's state as if it had trusted the newest real checkpoint.
                ObjectNode state = (ObjectNode) JSON.readTree(forkState.toFile());
                state.set("checkpoint", latest);
                Files.writeString(forkState, state.toString());
                var insert = c.prepareStatement("INSERT INTO projection_audit.checkpoint (sequence, at, log_id, partitions, key_id, signature, combined_root) "
                        + "VALUES (?, ?, ?, ?::jsonb, ?, ?, ?)");
                insert.setLong(1, fork.sequence());
                insert.setObject(2, java.time.OffsetDateTime.ofInstant(fork.at(), java.time.ZoneOffset.UTC));
                insert.setString(3, fork.logId());
                insert.setString(4, JSON.valueToTree(fork.partitions()).toString());
                insert.setString(5, fork.keyId());
                insert.setString(6, fork.signature());
                insert.setString(7, fork.combinedRoot());
                insert.executeUpdate();
            }
            EngineersIT.Run forkRun = EngineersIT.cli(env, "audit", "--follow", "--once", "--state", forkState.toString(), "--checkpoint-key", trusted);
            assertThat(forkRun.exit()).isEqualTo(1);
            assertThat(forkRun.out()).contains("ALERT   checkpoint " + fork.sequence() + " is not consistent with checkpoint " + latest.get("sequence").asLong()
                    + ": partition " + first.partition());
        }
    }

    static void awaitCheckpointOf(LedgerStack stack, long records) throws Exception {
        long covered = -1;
        for (int i = 0; i < 300 && covered != records; i++) {
            HttpResponse<String> latest = ServiceProcess.get(stack.projection().url("/audit/checkpoints/latest"));
            if (latest.statusCode() == 200) {
                covered = 0;
                for (JsonNode p : JSON.readTree(latest.body()).get("partitions")) {
                    covered += p.get("size").asLong();
                }
            }
            if (covered != records) {
                Thread.sleep(200);
            }
        }
        assertThat(covered).as("records in the newest checkpoint").isEqualTo(records);
    }

    private static EngineersIT.Run verify(Map<String, String> env, List<String> lines) throws Exception {
        return EngineersIT.cli(env, "verify", "--export", write(lines).toString());
    }

    private static Path write(List<String> lines) throws Exception {
        Path file = Files.createTempFile("export-edited", ".ndjson");
        Files.write(file, lines);
        return file;
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + text);
    }

    private static long positionInPartition(List<String> lines, int index) throws Exception {
        int partition = JSON.readTree(lines.get(index)).get("partition").asInt();
        long position = 0;
        for (int i = 0; i < index; i++) {
            if (JSON.readTree(lines.get(i)).get("partition").asInt() == partition) {
                position++;
            }
        }
        return position;
    }

    private static int nextInPartition(List<String> lines, int index) throws Exception {
        int partition = JSON.readTree(lines.get(index)).get("partition").asInt();
        for (int i = index + 1; i < lines.size(); i++) {
            if (JSON.readTree(lines.get(i)).get("partition").asInt() == partition) {
                return i;
            }
        }
        throw new AssertionError("no later record in partition " + partition);
    }
}
