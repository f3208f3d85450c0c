package org.custodyledger.projection.consume;

import org.custodyledger.projection.ProjectionConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.custodyledger.log.LogTopics;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Poison records go to {@code <topic>.dlq} with the reason in headers (never a silent skip, never a
 * stuck consumer): the original key, value and headers, plus dlq_reason, dlq_source_partition,
 * dlq_source_offset and dlq_at. Sent and acknowledged before the unit of work commits.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // its counter is there at 0 from the start, so increase() alerts see the first letter
public class DeadLetters {
    public static final String REASON = "dlq_reason";
    public static final String SOURCE_PARTITION = "dlq_source_partition";
    public static final String SOURCE_OFFSET = "dlq_source_offset";

    private final String topic;
    private final String bootstrapServers;
    private final TopicSettings settings;
    private final short replicationFactor;
    private final Integer minInsyncReplicas;
    private KafkaProducer<String, byte[]> producer;
    private volatile boolean topicExists;
    private final io.micrometer.core.instrument.Counter sent;

    DeadLetters(ProjectionConfig config, TopicSettings settings, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                io.micrometer.core.instrument.MeterRegistry metrics) {
        this.sent = io.micrometer.core.instrument.Counter.builder("ledger.projection.dead.letters")
                .description("Poison records sent to the dead-letter topic (each also listed by GET /anomalies and ledger cli dlq)").register(metrics);
        this.topic = config.topic().name() + ".dlq";
        this.bootstrapServers = bootstrapServers;
        this.settings = settings;
        this.replicationFactor = config.topic().replicationFactor();
        this.minInsyncReplicas = config.topic().minInsyncReplicas().orElse(null);
    }

    public String topic() {
        return topic;
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (producer != null) {
            producer.close();
        }
    }

    public synchronized void send(ConsumerRecord<String, byte[]> poison, String reason) throws Exception {
        ensureTopic();
        if (producer == null) {
            Map<String, Object> config = org.custodyledger.log.KafkaClients.config(bootstrapServers);
            config.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
            producer = new KafkaProducer<>(config);
        }
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(topic, null, poison.key(), poison.value(), poison.headers());
        letter.headers().add(REASON, reason.getBytes(StandardCharsets.UTF_8));
        letter.headers().add(SOURCE_PARTITION, String.valueOf(poison.partition()).getBytes(StandardCharsets.UTF_8));
        letter.headers().add(SOURCE_OFFSET, String.valueOf(poison.offset()).getBytes(StandardCharsets.UTF_8));
        letter.headers().add("dlq_at", Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        producer.send(letter).get(10, TimeUnit.SECONDS);
        sent.increment();
    }

    private void ensureTopic() throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        if (topicExists) {
            return;
        }
        // Kept forever like the log: a dead letter is evidence of a record the ledger could not apply.
        LogTopics.ensure(settings.admin(), topic, 1, replicationFactor, minInsyncReplicas, 10_000);
        topicExists = true;
    }
}
