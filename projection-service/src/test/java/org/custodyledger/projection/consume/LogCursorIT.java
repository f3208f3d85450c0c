package org.custodyledger.projection.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventJson;
import org.custodyledger.ledger.LogGenerator;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/** The cursor both the live projection and a replay read with, on the real broker. */
class LogCursorIT {
    @Test
    void anEndStopsPositionsAtItAndRecordsPastItAreReadOnceItMoves() throws Exception {
        TestInfrastructure.startOnce();
        String topic = "cursor-" + System.nanoTime();
        TestInfrastructure.createTopic(topic, 1);
        List<Envelope> log = LogGenerator.generate(31, 100).subList(0, 100);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", TestInfrastructure.bootstrapServers(),
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class))) {
            for (Envelope e : log) {
                producer.send(TestInfrastructure.signed(topic, e.data().subject(), EventJson.write(e)));
            }
        }
        TopicPartition p = new TopicPartition(topic, 0);
        try (LogCursor cursor = new LogCursor(TestInfrastructure.bootstrapServers(), 500, new UnitAssembler(null,
                org.custodyledger.log.RecordSignatures.Verifier.of(TestInfrastructure.signingKey().verificationEntry())), false)) {
            cursor.start(cursor.partitions(topic, Duration.ofSeconds(10)), Map.of());
            List<Long> offsets = new ArrayList<>();
            long stored = 0;
            // One fetch brings all 100 records; only those before the end count, and the position stops there.
            cursor.endAt(Map.of(p, 40L));
            for (int i = 0; i < 40 && !cursor.reached(Map.of(p, 40L)); i++) {
                LogCursor.Read read = cursor.poll(Duration.ofMillis(500));
                read.records().forEach(r -> offsets.add(r.offset()));
                stored = read.unit().nextOffsets().getOrDefault(0, stored);
            }
            assertThat(offsets).hasSize(40).allMatch(o -> o < 40);
            assertThat(stored).isEqualTo(40);
            assertThat(cursor.poll(Duration.ofMillis(300)).isEmpty()).isTrue();

            // A later end (a replay catching up with the live models) reads exactly the rest.
            cursor.endAt(Map.of(p, 100L));
            for (int i = 0; i < 40 && !cursor.reached(Map.of(p, 100L)); i++) {
                LogCursor.Read read = cursor.poll(Duration.ofMillis(500));
                read.records().forEach(r -> offsets.add(r.offset()));
                stored = read.unit().nextOffsets().getOrDefault(0, stored);
            }
            assertThat(offsets).hasSize(100).doesNotHaveDuplicates();
            assertThat(stored).isEqualTo(100);
            assertThat(cursor.poll(Duration.ofMillis(300)).unit().events()).isEmpty();
        }
    }
}
