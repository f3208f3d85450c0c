package org.custodyledger.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * An event appended before a schema change has a receipt whose fingerprint is of the old form.
 * A retry of it after the upgrade must still be recognised as the same event (200, nothing
 * appended), and other content under its eventId must still be a 409.
 */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class SchemaUpgradeIT {
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRetryOfAnEventRecordedUnderSchemaV1IsStillADuplicate() throws Exception {
        UUID id = UUID.randomUUID();
        String data = "{\"transferId\":\"T-v1\",\"fromFacilityId\":\"a\",\"toFacilityId\":\"b\",\"count\":3,\"breakdown\":{\"adult\":2,\"minor\":1}}";
        String storedV1 = "{\"eventId\":\"" + id + "\",\"type\":\"TransferInitiated\",\"schemaVersion\":1,\"occurredAt\":\"2026-01-21T06:00:00Z\","
                + "\"recordedAt\":\"2026-01-21T07:00:00Z\",\"recordedBy\":\"operator\",\"data\":" + data + "}";
        IngestApiIT.post("/events", IngestApiIT.custodianChanged(null, "topic-exists")).then().statusCode(201);
        RecordMetadata written;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", TestInfrastructure.bootstrapServers(),
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class))) {
            written = producer.send(new ProducerRecord<>(IngestApiIT.TOPIC, "transfer/T-v1", storedV1.getBytes(StandardCharsets.UTF_8))).get();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO ingest.receipt (event_id, fingerprint, type, kafka_partition, kafka_offset, recorded_at, schema_version) VALUES (?, ?, ?, ?, ?, ?, 1)")) {
            insert.setObject(1, id);
            insert.setString(2, "0".repeat(64)); // what a v1-era fingerprint looks like to this release: different
            insert.setString(3, "TransferInitiated");
            insert.setInt(4, written.partition());
            insert.setLong(5, written.offset());
            insert.setTimestamp(6, Timestamp.from(Instant.parse("2026-01-21T07:00:00Z")));
            insert.executeUpdate();
        }
        long size = IngestApiIT.logSize();
        String retry = "{\"eventId\":\"" + id + "\",\"type\":\"TransferInitiated\",\"occurredAt\":\"2026-01-21T06:00:00Z\",\"data\":" + data + "}";
        IngestApiIT.post("/events", retry).then().statusCode(200).body("status", equalTo("duplicate"))
                .body("offset", equalTo((int) written.offset()));
        IngestApiIT.post("/events", retry.replace("\"count\":3", "\"count\":4").replace("\"minor\":1", "\"minor\":2")).then().statusCode(409);
        assertThat(IngestApiIT.logSize()).isEqualTo(size);
    }
}
