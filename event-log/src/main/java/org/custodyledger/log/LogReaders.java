package org.custodyledger.log;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Settings of every reader of the log: the projection, a replay, the CLI's export and tail. */
public final class LogReaders {
    private LogReaders() {
    }

    /**
     * Committed records only (a batch is seen whole or not at all), positions kept by the reader,
     * and {@code auto.offset.reset=none}: a position the log no longer holds is an error to report,
     * never a silent jump to the start or the end.
     */
    public static Map<String, Object> config(String bootstrapServers, int maxPollRecords) {
        Map<String, Object> config = KafkaClients.config(bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }
}
