package org.custodyledger.log;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creating the ledger's topics with {@link LogRetention}'s settings, and reading an existing topic's. */
public final class LogTopics {
    private LogTopics() {
    }

    /**
     * Creates the topic if absent, with the settings of a log kept forever, and returns once every
     * partition's leader serves it: an idempotent producer's first requests to a partition the broker
     * is still creating can be refused, retried out of order and expire (OUT_OF_ORDER_SEQUENCE_NUMBER,
     * KAFKA-15591). An existing topic is left as it is; {@link #problems} says whether it is fit.
     *
     * @param replicationFactor -1 for the broker's default
     * @return true if this call created it
     */
    public static boolean ensure(Admin admin, String topic, int partitions, short replicationFactor, Integer minInsyncReplicas,
                                 long timeoutMs) throws ExecutionException, TimeoutException, InterruptedException {
        boolean created = false;
        if (exists(admin, topic, timeoutMs)) { // a user without Create on an existing topic is refused even an attempt
            awaitLeaders(admin, topic, timeoutMs);
            return false;
        }
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor)
                    .configs(LogRetention.required(replicationFactor, minInsyncReplicas)))).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            created = true;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        awaitLeaders(admin, topic, timeoutMs);
        return created;
    }

    private static boolean exists(Admin admin, String topic, long timeoutMs) throws ExecutionException, TimeoutException, InterruptedException {
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Until every partition's leader answers ListOffsets within {@code timeoutMs}: right after
     * creation, describeTopics can name a leader a moment before it hosts the partition, which
     * answers a retriable error (this server does not host this topic-partition) that is asked again.
     */
    public static void awaitLeaders(Admin admin, String topic, long timeoutMs) throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            try {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(topic)).allTopicNames().get(left, TimeUnit.MILLISECONDS).get(topic).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                admin.listOffsets(latest).all().get(left, TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException) || System.nanoTime() > deadline - 100_000_000L) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** True when a broker answers within {@code timeoutMs}: readiness asks this on every check, so it is bounded. */
    public static boolean brokerAnswers(Admin admin, int timeoutMs) {
        try {
            admin.describeCluster(new org.apache.kafka.clients.admin.DescribeClusterOptions().timeoutMs(timeoutMs))
                    .nodes().get(timeoutMs + 500L, TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    /** The topic's effective settings that decide whether records are ever deleted. */
    public static Map<String, String> retentionSettings(Admin admin, String topic, long timeoutMs)
            throws ExecutionException, TimeoutException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(timeoutMs, TimeUnit.MILLISECONDS).get(resource);
        Map<String, String> settings = new HashMap<>();
        for (String name : List.of(LogRetention.RETENTION_MS, LogRetention.RETENTION_BYTES, LogRetention.CLEANUP_POLICY,
                LogRetention.MIN_INSYNC_REPLICAS)) {
            ConfigEntry entry = config.get(name);
            if (entry != null && entry.value() != null) {
                settings.put(name, entry.value());
            }
        }
        return settings;
    }

    /** What makes the existing topic unfit to keep the ledger (see {@link LogRetention#problems}). */
    public static List<String> problems(Admin admin, String topic, String bootstrapServers, long timeoutMs)
            throws ExecutionException, TimeoutException, InterruptedException {
        return LogRetention.problems(topic, retentionSettings(admin, topic, timeoutMs), bootstrapServers);
    }
}
