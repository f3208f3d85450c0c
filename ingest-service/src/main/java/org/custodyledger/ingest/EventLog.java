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
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventJson;
import org.custodyledger.events.LogHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Appends envelopes to the log, each append in one Kafka transaction (acks=all, idempotent), so it
 * is whole or absent for every reader (consumers read with isolation.level=read_committed), and
 * says what happened: appended, not appended, or (only when Kafka can be neither committed to nor
 * read) unknown, see {@link LogAppender}. Each lane (the batch path, each group-commit thread) has
 * its own producer under a transactional id that is stable for this instance, so a restarted
 * instance fences its predecessor's open transactions at once.
 */
@ApplicationScoped
public class EventLog {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(EventLog.class);
    /**
     * The lanes that append concurrently, each a thread of {@link Ingestion} with its own producer:
     * two group single-event requests, so one group's PostgreSQL work overlaps the other's wait for
     * Kafka; two take batches.
     */
    static final int GROUP_LANES = 2, BATCH_LANES = 2;

    private final EventLogTopic topic;
    private final Map<String, Object> producerConfig = new HashMap<>();
    private final String bootstrapServers;
    private final KafkaRefusal refusal = new KafkaRefusal();
    private volatile long lastStartTried;
    private final List<LogAppender> batches = new ArrayList<>();
    private final List<LogAppender> groups = new ArrayList<>();
    private final Timer produceLatency;
    private final org.custodyledger.log.RecordSignatures.Signer signer;

    EventLog(EventLogTopic topic, MeterRegistry metrics, LedgerConfig config,
             @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
             @ConfigProperty(name = "quarkus.http.port") int httpPort) {
        this.topic = topic;
        if (config.signing().keyId().isEmpty() || config.signing().privateKey().isEmpty()) {
            throw new IllegalStateException("ingest signs every record it appends: set LEDGER_SIGNING_KEY_ID and LEDGER_SIGNING_KEY "
                    + "(base64 of at least 32 random bytes; ./ledger up makes one under .ledger/issuer). See README, \"Security\".");
        }
        this.signer = org.custodyledger.log.RecordSignatures.Signer.of(config.signing().keyId().get(), config.signing().privateKey().get());
        this.bootstrapServers = bootstrapServers;
        producerConfig.putAll(org.custodyledger.log.KafkaClients.config(bootstrapServers));
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Bounded: an unreachable broker must become a 503 within seconds, not a hanging request.
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        String instance = config.ingest().instanceId().orElseGet(() -> defaultInstanceId(httpPort));
        // Each lane's producer's own metrics (send rates, errors, retries, request latency), tagged by client id.
        java.util.function.Function<org.apache.kafka.clients.producer.Producer<String, byte[]>, AutoCloseable> clientMetrics = producer -> {
            var bound = new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(producer);
            bound.bindTo(metrics);
            return bound;
        };
        for (int lane = 0; lane < GROUP_LANES; lane++) {
            groups.add(new LogAppender(producerConfig, "custody-ingest-" + instance + "-group-" + lane, this::record, this::read, refusal, clientMetrics));
        }
        for (int lane = 0; lane < BATCH_LANES; lane++) {
            batches.add(new LogAppender(producerConfig, "custody-ingest-" + instance + "-batch-" + lane, this::record, this::read, refusal, clientMetrics));
        }
        LOG.infof("appending under transactional ids %s-*", "custody-ingest-" + instance);
        this.produceLatency = Timer.builder("ledger.produce").description("Time until Kafka acknowledged an append")
                .publishPercentileHistogram().register(metrics);
    }

    /**
     * This host and HTTP port: stable across restarts of one instance, distinct between instances
     * on one host. Where the port is chosen at random (0), no restart can reuse it.
     */
    private static String defaultInstanceId(int httpPort) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + (httpPort == 0 ? UUID.randomUUID().toString() : String.valueOf(httpPort));
    }

    void onStop(@Observes ShutdownEvent stop) {
        batches.forEach(LogAppender::close);
        groups.forEach(LogAppender::close);
    }

    /** A batch, through a batch lane: all of it in one transaction, or none of it. */
    public List<AppendedEvent> appendBatch(int lane, List<Envelope> envelopes, LogAppender.Commitment commitment,
                                           LogAppender.BeforeCommit beforeCommit) throws LogUnavailableException {
        return timed(batches.get(lane), envelopes, commitment, beforeCommit);
    }

    /** A group of single-event requests, through a group lane. */
    public List<AppendedEvent> appendGroup(int lane, List<Envelope> envelopes, LogAppender.Commitment commitment,
                                           LogAppender.BeforeCommit beforeCommit) throws LogUnavailableException {
        return timed(groups.get(lane), envelopes, commitment, beforeCommit);
    }

    private List<AppendedEvent> timed(LogAppender appender, List<Envelope> envelopes, LogAppender.Commitment commitment,
                                      LogAppender.BeforeCommit beforeCommit) throws LogUnavailableException {
        topic.ensureExists();
        Timer.Sample sample = Timer.start();
        try {
            return appender.append(envelopes, commitment, beforeCommit);
        } finally {
            sample.stop(produceLatency);
        }
    }

    /**
     * Which of these events the log holds where their receipts say (false: that transaction
     * aborted), read in one pass with one consumer; unavailable if it cannot tell yet.
     */
    /**
     * Why Kafka refuses ingest's user, or null. While it does, or before any transactional producer
     * has started, one lane tries to start at most every 10 s: readiness finds a missing ACL before
     * the first request, and comes back by itself once it is granted.
     */
    String kafkaRefusal() {
        long now = System.nanoTime();
        if ((refusal.current() != null || !refusal.everSucceeded()) && (lastStartTried == 0 || now - lastStartTried > 10_000_000_000L)) {
            lastStartTried = now;
            groups.get(0).start();
        }
        return refusal.current();
    }

    public Map<UUID, Boolean> holds(List<AppendedEvent> events) throws LogUnavailableException {
        Map<Integer, Long> from = new HashMap<>();
        Map<Integer, Long> to = new HashMap<>();
        Map<String, UUID> expected = new HashMap<>();
        for (AppendedEvent e : events) {
            from.merge(e.partition(), e.offset(), Math::min);
            to.merge(e.partition(), e.offset(), Math::max);
            expected.put(e.partition() + "@" + e.offset(), e.eventId());
        }
        Map<UUID, Boolean> held = new HashMap<>();
        events.forEach(e -> held.put(e.eventId(), false));
        try (var consumer = committedReader()) {
            List<org.apache.kafka.common.TopicPartition> partitions = from.keySet().stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic.name(), p)).toList();
            consumer.assign(partitions);
            partitions.forEach(tp -> consumer.seek(tp, from.get(tp.partition())));
            long deadline = System.currentTimeMillis() + 5_000;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) <= to.get(tp.partition()))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new LogUnavailableException("could not read " + topic.name() + " back within 5 s", null);
                }
                for (var record : consumer.poll(java.time.Duration.ofMillis(200))) {
                    UUID id = expected.get(record.partition() + "@" + record.offset());
                    if (id != null) {
                        var read = org.custodyledger.events.EventReader.readStored(EventJson.parse(record.value()));
                        held.put(id, read.isValid() && read.value().eventId().equals(id));
                    }
                }
            }
            return held; // positions passed without a record delivered there: aborted records, or markers
        } catch (java.io.IOException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    /** The committed event at a position of the log, as this release reads it; null if it is not there. */
    public Envelope read(int partition, long offset) throws LogUnavailableException {
        try (var consumer = committedReader()) {
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
                if (consumer.position(tp) > offset) {
                    return null; // passed without being delivered: an aborted record, or a transaction marker
                }
            }
            throw new LogUnavailableException("could not read " + topic.name() + "-" + partition + "@" + offset + " within 5 s", null);
        } catch (java.io.IOException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    /** A consumer of committed records only (what every reader of the log sees), bounded in each call. */
    private org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> committedReader() {
        Map<String, Object> config = org.custodyledger.log.KafkaClients.config(bootstrapServers);
        config.putAll(Map.of(
                org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                org.apache.kafka.clients.consumer.ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                org.apache.kafka.clients.consumer.ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.StringDeserializer.class,
                org.apache.kafka.clients.consumer.ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArrayDeserializer.class));
        return new org.apache.kafka.clients.consumer.KafkaConsumer<>(config);
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
        byte[] value = EventJson.write(envelope);
        signer.sign(value, headers);
        return new ProducerRecord<>(topic.name(), null, envelope.data().subject(), value, headers);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static LogUnavailableException unavailable(Throwable cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new LogUnavailableException("Kafka did not acknowledge the append: " + cause, cause);
    }
}
