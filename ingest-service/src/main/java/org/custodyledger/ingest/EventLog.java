package org.custodyledger.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventJson;
import org.custodyledger.events.LogHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Appends envelopes to the log and returns only once the broker acknowledged them (acks=all).
 * One event goes through an idempotent producer; several go through a Kafka transaction, so a
 * batch is appended whole or not at all (consumers read with isolation.level=read_committed).
 */
@ApplicationScoped
public class EventLog {
    private final EventLogTopic topic;
    private final Map<String, Object> producerConfig = new HashMap<>();
    private final Producer<String, byte[]> single;
    private final Timer produceLatency;
    private Producer<String, byte[]> transactional; // guarded by this

    EventLog(EventLogTopic topic, MeterRegistry metrics,
             @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.topic = topic;
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Bounded: an unreachable broker must become a 503 within seconds, not a hanging request.
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.single = new KafkaProducer<>(producerConfig);
        this.produceLatency = Timer.builder("ledger.produce").description("Time until Kafka acknowledged an append")
                .publishPercentileHistogram().register(metrics);
    }

    void onStop(@Observes ShutdownEvent stop) {
        single.close();
        synchronized (this) {
            if (transactional != null) {
                transactional.close();
            }
        }
    }

    public List<AppendedEvent> append(List<Envelope> envelopes) throws LogUnavailableException {
        topic.ensureExists();
        Timer.Sample sample = Timer.start();
        try {
            if (envelopes.size() > 1) {
                return appendAtomically(envelopes);
            }
            Attempt attempt = sendEach(envelopes).get(0);
            if (attempt.failure() != null) {
                throw attempt.failure();
            }
            return List.of(attempt.appended());
        } finally {
            sample.stop(produceLatency);
        }
    }

    /** The outcome of appending one of several independent events: where it landed, or why it did not. */
    public record Attempt(AppendedEvent appended, LogUnavailableException failure) {
    }

    /**
     * Appends independent events through the idempotent producer, all in flight together; each
     * succeeds or fails on its own (for single-event requests that share one round trip).
     */
    public List<Attempt> appendEach(List<Envelope> envelopes) {
        try {
            topic.ensureExists();
        } catch (LogUnavailableException e) {
            return envelopes.stream().map(x -> new Attempt(null, e)).toList();
        }
        Timer.Sample sample = Timer.start();
        try {
            return sendEach(envelopes);
        } finally {
            sample.stop(produceLatency);
        }
    }

    /** Through the idempotent producer, all in flight at once; waits for each acknowledgement. */
    private List<Attempt> sendEach(List<Envelope> envelopes) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Envelope envelope : envelopes) {
            try {
                sent.add(single.send(record(envelope)));
            } catch (Exception e) {
                sent.add(java.util.concurrent.CompletableFuture.failedFuture(e));
            }
        }
        List<Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < envelopes.size(); i++) {
            try {
                attempts.add(new Attempt(appended(envelopes.get(i), sent.get(i).get(10, TimeUnit.SECONDS)), null));
            } catch (ExecutionException e) {
                attempts.add(new Attempt(null, unavailable(e.getCause())));
            } catch (Exception e) {
                attempts.add(new Attempt(null, unavailable(e)));
            }
        }
        return attempts;
    }

    private synchronized List<AppendedEvent> appendAtomically(List<Envelope> envelopes) throws LogUnavailableException {
        Producer<String, byte[]> producer = transactionalProducer();
        try {
            producer.beginTransaction();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Envelope envelope : envelopes) {
                sent.add(producer.send(record(envelope)));
            }
            producer.commitTransaction();
            List<AppendedEvent> appended = new ArrayList<>();
            for (int i = 0; i < envelopes.size(); i++) {
                appended.add(appended(envelopes.get(i), sent.get(i).get()));
            }
            return appended;
        } catch (Exception e) {
            abort(producer);
            throw unavailable(e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    private Producer<String, byte[]> transactionalProducer() throws LogUnavailableException {
        if (transactional == null) {
            Map<String, Object> config = new HashMap<>(producerConfig);
            // Unique per process: instances never fence each other; a crashed one's open
            // transaction is aborted by the broker after transaction.timeout.ms.
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "custody-ingest-" + UUID.randomUUID());
            config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000);
            Producer<String, byte[]> producer = new KafkaProducer<>(config);
            try {
                producer.initTransactions();
            } catch (Exception e) {
                producer.close(java.time.Duration.ZERO);
                throw unavailable(e);
            }
            transactional = producer;
        }
        return transactional;
    }

    /** A producer whose abort failed is in an unknown state: drop it and start a new one next time. */
    private void abort(Producer<String, byte[]> producer) {
        try {
            producer.abortTransaction();
        } catch (Exception abortFailed) {
            producer.close(java.time.Duration.ZERO);
            transactional = null;
        }
    }

    /** The committed event at a position of the log, as this release reads it; null if it is not there. */
    public Envelope read(int partition, long offset) throws LogUnavailableException {
        Map<String, Object> config = Map.of(
                org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, producerConfig.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG),
                org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                org.apache.kafka.clients.consumer.ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                org.apache.kafka.clients.consumer.ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.StringDeserializer.class,
                org.apache.kafka.clients.consumer.ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(config)) {
            var tp = new org.apache.kafka.common.TopicPartition(topic.name(), partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long deadline = System.currentTimeMillis() + 5_000;
            while (System.currentTimeMillis() < deadline) {
                for (var record : consumer.poll(java.time.Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        var read = org.custodyledger.events.EventReader.readStored(EventJson.parse(record.value()));
                        return read.isValid() ? read.value() : null;
                    }
                    if (record.offset() > offset) {
                        return null;
                    }
                }
            }
            throw new LogUnavailableException("could not read " + topic.name() + "-" + partition + "@" + offset + " within 5 s", null);
        } catch (java.io.IOException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    private ProducerRecord<String, byte[]> record(Envelope envelope) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, LogHeaders.SPEC_VERSION, LogHeaders.CLOUDEVENTS_VERSION);
        header(headers, LogHeaders.ID, envelope.eventId().toString());
        header(headers, LogHeaders.TYPE, envelope.type());
        header(headers, LogHeaders.SOURCE, LogHeaders.SOURCE_INGEST);
        header(headers, LogHeaders.TIME, envelope.occurredAt().toString());
        header(headers, LogHeaders.SUBJECT, envelope.data().subject());
        header(headers, LogHeaders.SCHEMA_VERSION, String.valueOf(envelope.schemaVersion()));
        header(headers, LogHeaders.CONTENT_TYPE, "application/json");
        return new ProducerRecord<>(topic.name(), null, envelope.data().subject(), EventJson.write(envelope), headers);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static AppendedEvent appended(Envelope envelope, RecordMetadata metadata) {
        return new AppendedEvent(envelope.eventId(), envelope.type(), metadata.partition(), metadata.offset(),
                envelope.recordedAt());
    }

    private static LogUnavailableException unavailable(Throwable cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new LogUnavailableException("Kafka did not acknowledge the append: " + cause, cause);
    }
}
