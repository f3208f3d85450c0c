package org.custodyledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.custodyledger.events.EventJson;

/** Direct, read-only access to the log (committed records only), for export, tail and the DLQ. */
final class LogAccess {
    private LogAccess() {
    }

    /** Reads committed records from positions it seeks itself; a position the log lost is an error, never a jump. */
    static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Map<String, Object> config = org.custodyledger.log.LogReaders.config(bootstrap, 500);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "ledger-cli-" + UUID.randomUUID());
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaConsumer<>(config);
    }

    static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new CliException(LedgerCli.UNREACHABLE, "Kafka did not answer within 10 s; check --bootstrap (or $KAFKA_BOOTSTRAP_SERVERS)");
        }
        if (infos == null || infos.isEmpty()) {
            throw new CliException(LedgerCli.FAILED, "topic " + topic + " does not exist; check --topic");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** The record at a position, or why there is none there (removed, or beyond the log's end). */
    record At(ConsumerRecord<String, byte[]> record, String absent) {
    }

    static At recordAt(KafkaConsumer<String, byte[]> consumer, String topic, int partition, long offset) {
        TopicPartition tp = new TopicPartition(topic, partition);
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    return record.offset() == offset ? new At(record, null)
                            : new At(null, "the log has no record at offset " + offset + " (the next one is at " + record.offset() + "): it was removed");
                }
            }
        } catch (org.apache.kafka.clients.consumer.OffsetOutOfRangeException | org.apache.kafka.clients.consumer.NoOffsetForPartitionException gone) {
            return new At(null, "the log no longer has offset " + offset + " (" + gone.getMessage() + "): it was removed");
        }
        return new At(null, "no record at " + partition + "@" + offset + " within 10 s (removed, or beyond the log's end)");
    }

    /** A header's text, or "-" when the record has none. */
    static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? "-" : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** One exported line: where the record was, its key and headers, and the event as stored. */
    static ObjectNode exportLine(ConsumerRecord<String, byte[]> record) {
        ObjectNode line = EventJson.mapper().createObjectNode();
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("key", record.key());
        ObjectNode headers = line.putObject("headers");
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        try {
            line.set("event", EventJson.parse(record.value()));
        } catch (Exception notJson) {
            line.put("valueBase64", java.util.Base64.getEncoder().encodeToString(record.value()));
        }
        return line;
    }

    /** The operator's form of a stored event: what the ingest API takes. */
    static ObjectNode submission(JsonNode stored) {
        ObjectNode submission = EventJson.mapper().createObjectNode();
        submission.set("eventId", stored.get("eventId"));
        submission.set("type", stored.get("type"));
        submission.set("occurredAt", stored.get("occurredAt"));
        submission.set("data", stored.get("data"));
        return submission;
    }
}
