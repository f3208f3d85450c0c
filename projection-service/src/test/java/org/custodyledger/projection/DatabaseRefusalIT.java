package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.custodyledger.events.ConsistencyToken;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventJson;
import org.custodyledger.events.FacilityRegistered;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.LogReader;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * A record the database refuses never stalls the projection: it is narrowed down, dead-lettered
 * with the database's reason and the rest applied. What does stall it (a database that does not
 * answer its writes) makes it not ready, with the metrics saying so, within the configured time.
 */
class DatabaseRefusalIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REFUSED_NAME = "Refused by the database";

    @Test
    void aRecordThatDecodesButThePostgresRefusesIsDeadLetteredAndTheRestApplied() throws Exception {
        try (LedgerStack stack = LedgerStack.fresh(SeedCaseIT.ROOT, "refusal", Map.of())) {
            // Records straight to the topic can hold what the decoder accepts and the database does
            // not; a constraint stands in for such a rule the decoder does not know.
            try (Connection c = TestInfrastructure.superuser(stack.env().get("LEDGER_JDBC_URL"))) {
                c.createStatement().execute("ALTER TABLE projection.facility_registration ADD CONSTRAINT test_refuses_name "
                        + "CHECK (name <> '" + REFUSED_NAME + "') NOT VALID");
            }
            String topic = stack.env().get("LEDGER_TOPIC");
            List<byte[]> records = new ArrayList<>();
            for (String[] f : new String[][] {{"ok-1", "Fine one"}, {"bad", REFUSED_NAME}, {"ok-2", "Fine two"}}) {
                records.add(EventJson.write(new Envelope(UUID.randomUUID(), Instant.parse("2026-01-21T06:00:00Z"), Instant.now(), "operator", 2,
                        new FacilityRegistered("camp-" + f[0], f[1], "SY", "SDF", null))));
            }
            // And one that does not decode: a NUL in a name (ingest refuses it; written straight to the topic).
            records.add(new String(records.get(0), StandardCharsets.UTF_8).replace("camp-ok-1", "camp-nul").replace("Fine one", "Nul\\u0000name")
                    .getBytes(StandardCharsets.UTF_8));
            ConsistencyToken token = produce(topic, records);

            HttpResponse<String> custody = ServiceProcess.get(stack.projection().url("/custody?consistencyToken=" + token));
            assertThat(custody.statusCode()).as(custody.body()).isEqualTo(200);
            List<String> facilities = new ArrayList<>();
            JSON.readTree(custody.body()).get("facilities").forEach(f -> facilities.add(f.get("facilityId").asText()));
            assertThat(facilities).containsExactlyInAnyOrder("camp-ok-1", "camp-ok-2");

            JsonNode rejected = JSON.readTree(ServiceProcess.get(stack.projection().url("/anomalies")).body()).get("rejectedRecords");
            assertThat(rejected).hasSize(2);
            assertThat(rejected.toString()).contains("refused by the database (SQLSTATE 23514)", "test_refuses_name", "control character U+0000");
            List<ConsumerRecord<String, byte[]>> letters = awaitLetters(topic + ".dlq", 2);
            assertThat(letters).hasSize(2);
            assertThat(letters).anySatisfy(l -> assertThat(LogReader.header(l, "dlq_reason")).contains("SQLSTATE 23514"));
            assertThat(letters).anySatisfy(l -> assertThat(LogReader.header(l, "dlq_reason")).contains("U+0000"));
            assertThat(ServiceProcess.get(stack.projection().url("/q/health/ready")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPositionThatStandsStillBehindTheLogMakesTheProjectionNotReadyAndSaysStalled() throws Exception {
        try (LedgerStack stack = LedgerStack.fresh(SeedCaseIT.ROOT, "stall", Map.of("LEDGER_STALL_AFTER", "3S"))) {
            ServiceProcess projection = stack.projection();
            assertThat(ServiceProcess.get(projection.url("/q/metrics")).body()).contains("ledger_projection_stalled 0.0");
            try (Connection lock = TestInfrastructure.superuser(stack.env().get("LEDGER_JDBC_URL"))) {
                lock.setAutoCommit(false);
                lock.createStatement().execute("LOCK TABLE projection.consumer_position IN ACCESS EXCLUSIVE MODE");
                String event = "{\"type\":\"FacilityRegistered\",\"occurredAt\":\"2026-01-21T06:00:00Z\",\"data\":"
                        + "{\"facilityId\":\"camp-a\",\"name\":\"Camp A\",\"country\":\"SY\",\"custodian\":\"SDF\"}}";
                HttpResponse<String> posted = ServiceProcess.post(stack.ingest().url("/events"), "application/json", event);
                assertThat(posted.statusCode()).isEqualTo(201);
                long started = System.nanoTime();
                HttpResponse<String> ready = ServiceProcess.get(projection.url("/q/health/ready"));
                while (ready.statusCode() == 200 && System.nanoTime() - started < 20_000_000_000L) {
                    Thread.sleep(200);
                    ready = ServiceProcess.get(projection.url("/q/health/ready"));
                }
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("stalled", "records past the position");
                assertThat((System.nanoTime() - started) / 1_000_000_000L).as("seconds until not ready").isLessThan(10);
                assertThat(ServiceProcess.get(projection.url("/q/metrics")).body())
                        .contains("ledger_projection_stalled 1.0").containsPattern("ledger_projection_lag_records\\{partition=\"\\d\",?} 2.0"); // the record and its transaction's commit marker
                lock.rollback();
            }
            HttpResponse<String> ready = ServiceProcess.get(projection.url("/q/health/ready"));
            for (int i = 0; i < 100 && ready.statusCode() != 200; i++) {
                Thread.sleep(200);
                ready = ServiceProcess.get(projection.url("/q/health/ready"));
            }
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(JSON.readTree(ServiceProcess.get(projection.url("/custody")).body()).get("facilities")).hasSize(1);
            assertThat(ServiceProcess.get(projection.url("/q/metrics")).body()).contains("ledger_projection_stalled 0.0");
        }
    }

    private static ConsistencyToken produce(String topic, List<byte[]> values) throws Exception {
        TreeMap<Integer, Long> last = new TreeMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", TestInfrastructure.bootstrapServers(),
                "acks", "all", "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class))) {
            for (byte[] value : values) {
                RecordMetadata m = producer.send(TestInfrastructure.signed(topic, "facility/raw", value)).get();
                last.merge(m.partition(), m.offset(), Math::max);
            }
        }
        return new ConsistencyToken(last);
    }

    private static List<ConsumerRecord<String, byte[]>> awaitLetters(String dlq, int count) throws Exception {
        List<ConsumerRecord<String, byte[]>> letters = List.of();
        for (int i = 0; i < 50 && letters.size() < count; i++) {
            letters = LogReader.readAll(TestInfrastructure.bootstrapServers(), dlq);
            Thread.sleep(200);
        }
        return letters;
    }
}
