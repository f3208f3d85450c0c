package org.custodyledger.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * The first appends to a topic ingest has just created all land. Without waiting until every
 * partition's leader serves it, about half of fresh topics lost a request here: refused while
 * the partition was being created, then retried behind a later one and refused for good
 * (OUT_OF_ORDER_SEQUENCE_NUMBER, KAFKA-15591). Real broker, no Quarkus.
 */
class FreshTopicIT {
    @Test
    void everyRecordSentRightAfterTheTopicIsCreatedIsAppended() throws Exception {
        for (int t = 0; t < 8; t++) {
            String name = "fresh-" + System.nanoTime();
            EventLogTopic topic = new EventLogTopic(config(name), TestInfrastructure.bootstrapServers());
            try {
                topic.ensureExists();
            } finally {
                topic.onStop(null);
            }
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", TestInfrastructure.bootstrapServers(),
                    "acks", "all", "enable.idempotence", true, "linger.ms", 1, "delivery.timeout.ms", 8_000, "request.timeout.ms", 5_000,
                    "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class))) {
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (int i = 0; i < 3_000; i++) {
                    sent.add(producer.send(new ProducerRecord<>(name, "transfer/T-" + i, new byte[400])));
                }
                for (Future<RecordMetadata> f : sent) {
                    assertThat(f.get().offset()).as("appended to %s", name).isGreaterThanOrEqualTo(0);
                }
            }
        }
    }

    private static LedgerConfig config(String topicName) {
        return new LedgerConfig() {
            @Override
            public Topic topic() {
                return new Topic() {
                    @Override
                    public String name() {
                        return topicName;
                    }

                    @Override
                    public int partitions() {
                        return 6;
                    }

                    @Override
                    public short replicationFactor() {
                        return 1;
                    }

                    @Override
                    public java.util.Optional<Integer> minInsyncReplicas() {
                        return java.util.Optional.empty();
                    }
                };
            }

            @Override
            public Ingest ingest() {
                throw new UnsupportedOperationException("not used by EventLogTopic");
            }

            @Override
            public Receipts receipts() {
                throw new UnsupportedOperationException("not used by EventLogTopic");
            }

            @Override
            public Signing signing() {
                throw new UnsupportedOperationException("not used by EventLogTopic");
            }
        };
    }
}
