package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.SharedFixtures;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * The log is the system of record: a topic that would delete events keeps both services unready,
 * and records deleted from the head of the log are a gap that nothing moves past silently, neither
 * the live projection nor a replay, until an operator restores the log or accepts the loss with a reason.
 */
class LogKeptIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTopicThatDeletesAfterSevenDaysKeepsBothServicesUnreadyNamingTheSetting() throws Exception {
        String topic = "kept_7d";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfrastructure.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1).configs(Map.of("retention.ms", "604800000"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Map<String, String> env = Map.of("LEDGER_TOPIC", topic, "LEDGER_JDBC_URL", LedgerStack.createDatabase(topic));
        try (ServiceProcess ingest = LedgerStack.startIngest(SeedCaseIT.ROOT, env, false);
             ServiceProcess projection = LedgerStack.startProjection(SeedCaseIT.ROOT, env, Map.of(), false)) {
            for (ServiceProcess service : List.of(ingest, projection)) {
                HttpResponse<String> ready = await(service, "/q/health/ready", r -> r.statusCode() == 503 && r.body().contains("retention.ms"));
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("retention.ms=604800000", "7 days",
                        "kafka-configs.sh --bootstrap-server", "--entity-name " + topic, "--add-config retention.ms=-1");
            }
        }
    }

    @Test
    void recordsDeletedFromTheHeadOfTheLogAreAGapNothingMovesPast() throws Exception {
        try (LedgerStack a = LedgerStack.fresh(SeedCaseIT.ROOT, "gap_a", Map.of())) {
            HttpResponse<String> seeded = ServiceProcess.post(a.ingest().url("/events/batch"), "application/x-ndjson", SharedFixtures.seedNdjson());
            assertThat(seeded.statusCode()).isEqualTo(201);
            String token = JSON.readTree(seeded.body()).get("consistencyToken").asText();
            assertThat(ServiceProcess.get(a.projection().url("/custody?consistencyToken=" + token)).statusCode()).isEqualTo(200);
            // Caught up means no lag, also past the batch's transaction markers (which take offsets of their own).
            HttpResponse<String> caughtUp = await(a.projection(), "/admin/status", r -> r.body().contains("\"lag\":0,"));
            assertThat(caughtUp.body()).contains("\"lag\":0,", "\"stalled\":false");
            String digestBefore = JSON.readTree(ServiceProcess.get(a.projection().url("/admin/digest")).body()).get("digest").asText();
            int facilitiesBefore = JSON.readTree(ServiceProcess.get(a.projection().url("/custody")).body()).get("facilities").size();
            assertThat(facilitiesBefore).isPositive();

            // What the broker does to a topic with the default 7-day retention, a week on.
            String topic = a.env().get("LEDGER_TOPIC");
            Map<Integer, Long> deletedBefore = new HashMap<>();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfrastructure.bootstrapServers()))) {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (int p = 0; p < 6; p++) {
                    latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
                Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
                admin.listOffsets(latest).all().get().forEach((p, end) -> {
                    if (end.offset() > 0) {
                        long before = Math.min(5, end.offset());
                        delete.put(p, RecordsToDelete.beforeOffset(before));
                        deletedBefore.put(p.partition(), before);
                    }
                });
                admin.deleteRecords(delete).all().get(30, TimeUnit.SECONDS);
            }
            assertThat(deletedBefore).isNotEmpty();
            long missing = deletedBefore.values().stream().mapToLong(Long::longValue).sum();

            // A projection that needs the deleted records (a fresh database) stops at the gap and says so.
            Map<String, String> envB = Map.of("LEDGER_TOPIC", topic, "LEDGER_JDBC_URL", LedgerStack.createDatabase("gap_b"));
            try (ServiceProcess b = LedgerStack.startProjection(SeedCaseIT.ROOT, envB, Map.of(), false)) {
                HttpResponse<String> ready = await(b, "/q/health/ready", r -> r.statusCode() == 503 && r.body().contains("gap"));
                assertThat(ready.statusCode()).isEqualTo(503);
                for (Map.Entry<Integer, Long> d : deletedBefore.entrySet()) {
                    assertThat(ready.body()).contains("partition " + d.getKey() + ": offsets 0.." + (d.getValue() - 1)
                            + " are gone (the log starts at " + d.getValue() + ")");
                }
                assertThat(ready.body()).contains("ledger cli import", "POST /admin/gaps/accept");
                JsonNode status = JSON.readTree(ServiceProcess.get(b.url("/admin/status")).body());
                assertThat(status.get("openLogGaps")).hasSize(deletedBefore.size());
                for (Integer partition : deletedBefore.keySet()) {
                    assertThat(status.get("positions").path(String.valueOf(partition)).asLong(0)).as("nothing applied past the gap").isZero();
                }
                JsonNode anomalies = JSON.readTree(ServiceProcess.get(b.url("/anomalies")).body());
                assertThat(anomalies.get("logGaps")).hasSize(deletedBefore.size());
                assertThat(anomalies.get("logGaps").get(0).get("acceptedAt").isNull()).isTrue();
                assertThat(ServiceProcess.get(b.url("/q/metrics")).body()).contains("ledger_projection_log_gap_records " + missing + ".0");

                // The operator accepts the loss, with a reason: the projection goes on from the log's start.
                assertThat(ServiceProcess.post(b.url("/admin/gaps/accept"), "application/json", "").statusCode()).isEqualTo(400);
                HttpResponse<String> accepted = ServiceProcess.post(b.url("/admin/gaps/accept?reason=records+lost+to+retention"), "application/json", "");
                assertThat(accepted.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(accepted.body()).get("accepted")).hasSize(deletedBefore.size());
                assertThat(await(b, "/q/health/ready", r -> r.statusCode() == 200).statusCode()).isEqualTo(200);
                JsonNode gaps = JSON.readTree(ServiceProcess.get(b.url("/anomalies")).body()).get("logGaps");
                assertThat(gaps).allSatisfy(g -> assertThat(g.get("acceptedReason").asText()).isEqualTo("records lost to retention"));
            }

            // A replay cannot rebuild what the log lost: it refuses to switch, the live models stay as they were.
            ServiceProcess projection = a.projection();
            assertThat(ServiceProcess.post(projection.url("/admin/replay"), "application/json", "").statusCode()).isEqualTo(202);
            JsonNode refused = awaitReplay(projection, "REFUSED");
            assertThat(refused.get("message").asText()).contains("not switched", "the log was truncated", "force=true");
            assertThat(refused.get("logGaps")).hasSize(deletedBefore.size());
            assertThat(JSON.readTree(ServiceProcess.get(projection.url("/admin/digest")).body()).get("digest").asText()).isEqualTo(digestBefore);
            assertThat(JSON.readTree(ServiceProcess.get(projection.url("/custody")).body()).get("facilities")).hasSize(facilitiesBefore);

            // Forced, with a reason: it switches, and the reason is recorded.
            assertThat(ServiceProcess.post(projection.url("/admin/replay?force=true"), "application/json", "").statusCode()).isEqualTo(400);
            assertThat(ServiceProcess.post(projection.url("/admin/replay?force=true&reason=log+restored+elsewhere"), "application/json", "")
                    .statusCode()).isEqualTo(202);
            JsonNode switched = awaitReplay(projection, "SWITCHED");
            assertThat(switched.get("forcedReason").asText()).isEqualTo("log restored elsewhere");
            assertThat(switched.get("message").asText()).contains("switched by force", "log restored elsewhere");
            assertThat(switched.get("digestAfter").asText()).isNotEqualTo(digestBefore);
        }
    }

    private static JsonNode awaitReplay(ServiceProcess projection, String phase) throws Exception {
        JsonNode status = null;
        for (int i = 0; i < 300; i++) {
            status = JSON.readTree(ServiceProcess.get(projection.url("/admin/replay")).body());
            if (status.get("phase").asText().equals(phase)) {
                return status;
            }
            assertThat(status.get("phase").asText()).as(status.toString()).isNotIn("FAILED", "SWITCHED".equals(phase) ? "REFUSED" : "SWITCHED");
            Thread.sleep(200);
        }
        throw new AssertionError("replay did not reach " + phase + ": " + status);
    }

    private static HttpResponse<String> await(ServiceProcess service, String path, Predicate<HttpResponse<String>> condition) throws Exception {
        HttpResponse<String> last = null;
        for (int i = 0; i < 150; i++) {
            last = ServiceProcess.get(service.url(path));
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        return last;
    }
}
