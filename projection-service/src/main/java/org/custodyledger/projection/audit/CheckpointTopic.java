package org.custodyledger.projection.audit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.custodyledger.audit.Checkpoint;
import org.custodyledger.events.EventJson;
import org.custodyledger.log.LogTopics;
import org.custodyledger.projection.ProjectionConfig;
import org.custodyledger.projection.consume.TopicSettings;
import org.custodyledger.projection.query.CheckpointStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every checkpoint, in sequence order, also on {@code <topic>.checkpoints} (one partition, kept
 * forever, key = sequence, value = the checkpoint's JSON), so monitors can follow them with any
 * Kafka client. The table is the record; the topic catches up with it on every tick, so a
 * checkpoint the broker did not take is sent again, never skipped.
 */
@ApplicationScoped
public class CheckpointTopic {
    private final String topic;
    private final String bootstrapServers;
    private final TopicSettings settings;
    private final ProjectionConfig config;
    private final AgroalDataSource dataSource;
    private KafkaProducer<String, String> producer;
    private long published = -1;

    CheckpointTopic(ProjectionConfig config, TopicSettings settings, AgroalDataSource dataSource,
                    @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.topic = config.topic().name() + ".checkpoints";
        this.bootstrapServers = bootstrapServers;
        this.settings = settings;
        this.config = config;
        this.dataSource = dataSource;
    }

    public String topic() {
        return topic;
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Sends the checkpoints the topic does not have yet; how many it sent. */
    synchronized int catchUp() throws Exception {
        if (published < 0) {
            LogTopics.ensure(settings.admin(), topic, 1, config.topic().replicationFactor(), config.topic().minInsyncReplicas().orElse(null), 10_000);
            published = lastOnTopic();
        }
        int sent = 0;
        for (List<Checkpoint> page = CheckpointStore.after(dataSource, published, 100); !page.isEmpty();
             page = CheckpointStore.after(dataSource, published, 100)) {
            for (Checkpoint c : page) {
                producer().send(new ProducerRecord<>(topic, 0, String.valueOf(c.sequence()), EventJson.mapper().writeValueAsString(c)))
                        .get(10, TimeUnit.SECONDS);
                published = c.sequence();
                sent++;
            }
        }
        return sent;
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> c = org.custodyledger.log.KafkaClients.config(bootstrapServers);
            c.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
            producer = new KafkaProducer<>(c);
        }
        return producer;
    }

    /** The sequence of the newest checkpoint on the topic, 0 if none. */
    private long lastOnTopic() {
        Map<String, Object> c = org.custodyledger.log.LogReaders.config(bootstrapServers, 1);
        c.put("group.id", "checkpoint-topic-" + java.util.UUID.randomUUID());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            long end = consumer.endOffsets(List.of(p)).get(p);
            long start = consumer.beginningOffsets(List.of(p)).get(p);
            if (end <= start) {
                return 0;
            }
            consumer.seek(p, Math.max(start, end - 5));
            long last = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (consumer.position(p) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    last = Math.max(last, Long.parseLong(r.key()));
                }
            }
            return last;
        }
    }
}
