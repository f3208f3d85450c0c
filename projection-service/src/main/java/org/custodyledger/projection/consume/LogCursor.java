package org.custodyledger.projection.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.custodyledger.log.LogGap;
import org.custodyledger.log.LogReaders;
import org.custodyledger.projection.write.ProjectionStore;

/**
 * The one way the projection reads the log, live and in a replay: assign the partitions, seek to the
 * positions stored with the read models, poll, decode, and hand over each poll as one unit of work
 * whose positions are the consumer's own (a transaction's commit marker takes an offset too, and a
 * position short of it would be lag forever). Live and replay differ only in the schema they commit
 * to, where they stop ({@link #endAt}) and what they do at a gap.
 */
public final class LogCursor implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final UnitAssembler assembler;
    private final boolean live;
    private List<TopicPartition> assigned = List.of();
    private final Map<Integer, Long> fetched = new HashMap<>();
    private Map<TopicPartition, Long> end;

    /** @param live true for the live projection, which dead-letters poison records (a replay meets them again) */
    public LogCursor(String bootstrapServers, int maxPollRecords, UnitAssembler assembler, boolean live) {
        this.consumer = new KafkaConsumer<>(LogReaders.config(bootstrapServers, maxPollRecords));
        this.assembler = assembler;
        this.live = live;
    }

    private io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics clientMetrics;

    /** Publishes the consumer's own metrics (fetch rates and latency, records lag, coordinator) until closed. */
    public LogCursor observedBy(io.micrometer.core.instrument.MeterRegistry metrics) {
        clientMetrics = new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(consumer);
        clientMetrics.bindTo(metrics);
        return this;
    }

    /** One poll as a unit of work, with the records as read (to dead-letter those the database refuses). */
    public record Read(ProjectionStore.Unit unit, List<ConsumerRecord<String, byte[]>> records) {
        /** Nothing read and no position moved: there is nothing to commit. */
        public boolean isEmpty() {
            return records.isEmpty() && unit.nextOffsets().isEmpty();
        }
    }

    /** The topic's partitions; empty when the topic does not exist (yet). */
    public List<TopicPartition> partitions(String topic, Duration wait) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, wait);
        return infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }

    /** Where the log now starts past a stored position: the records in between are gone. */
    public List<LogGap> gaps(List<TopicPartition> partitions, Map<Integer, Long> positions) {
        Map<Integer, Long> logStart = new HashMap<>();
        consumer.beginningOffsets(partitions, Duration.ofSeconds(10)).forEach((p, offset) -> logStart.put(p.partition(), offset));
        return LogGap.find(positions, logStart);
    }

    /** Reads these partitions, each from its stored position (0 where none is stored). */
    public void start(List<TopicPartition> partitions, Map<Integer, Long> positions) {
        assigned = List.copyOf(partitions);
        consumer.assign(assigned);
        for (TopicPartition p : assigned) {
            long position = positions.getOrDefault(p.partition(), 0L);
            consumer.seek(p, position);
            fetched.put(p.partition(), position);
        }
    }

    public List<TopicPartition> assigned() {
        return assigned;
    }

    public Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
        return consumer.endOffsets(partitions, Duration.ofSeconds(10));
    }

    /** Stops at these offsets (exclusive): records at or past them are neither applied nor passed by a position. */
    public void endAt(Map<TopicPartition, Long> end) {
        this.end = Map.copyOf(end);
    }

    /** Whether every partition is read up to these offsets. */
    public boolean reached(Map<TopicPartition, Long> offsets) {
        return assigned.stream().allMatch(p -> position(p) >= offsets.getOrDefault(p, 0L));
    }

    /** The partition's next offset to apply (never past {@link #endAt the end}). */
    public long position(TopicPartition p) {
        long position = consumer.position(p);
        return end == null ? position : Math.min(position, end.getOrDefault(p, position));
    }

    /** Records between the fetch position and the log's end, as the last fetch saw it. */
    public OptionalLong currentLag(TopicPartition p) {
        return consumer.currentLag(p);
    }

    public Read poll(Duration timeout) throws Exception {
        ConsumerRecords<String, byte[]> polled = consumer.poll(timeout);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(polled.count());
        for (ConsumerRecord<String, byte[]> record : polled) {
            if (end == null || record.offset() < end.getOrDefault(new TopicPartition(record.topic(), record.partition()), Long.MAX_VALUE)) {
                records.add(record);
            }
        }
        Map<Integer, Long> moved = new HashMap<>();
        for (TopicPartition p : assigned) {
            long position = position(p);
            if (consumer.position(p) > position) {
                consumer.seek(p, position); // the records past the end were left out: read them again if the end moves
            }
            if (position != fetched.getOrDefault(p.partition(), -1L)) {
                moved.put(p.partition(), position);
                fetched.put(p.partition(), position);
            }
        }
        return new Read(assembler.assemble(records, live, moved), records);
    }

    @Override
    public void close() {
        if (clientMetrics != null) {
            clientMetrics.close();
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
