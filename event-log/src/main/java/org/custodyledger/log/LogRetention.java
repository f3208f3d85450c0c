package org.custodyledger.log;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The topic settings of a log that is the system of record: nothing is ever deleted by age or size,
 * nothing is compacted away, and an append is acknowledged only by enough replicas. A broker's
 * defaults (7 days, then deletion) would silently destroy the ledger a week after each event.
 */
public final class LogRetention {
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";

    private LogRetention() {
    }

    /** What a topic of the ledger is created with; {@code minInsyncReplicas} null means min(2, replication factor). */
    public static Map<String, String> required(int replicationFactor, Integer minInsyncReplicas) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(RETENTION_MS, "-1");
        settings.put(RETENTION_BYTES, "-1");
        settings.put(CLEANUP_POLICY, "delete");
        if (replicationFactor > 0 || minInsyncReplicas != null) {
            settings.put(MIN_INSYNC_REPLICAS, String.valueOf(minInsyncReplicas != null ? minInsyncReplicas : Math.min(2, replicationFactor)));
        }
        return settings;
    }

    /**
     * What makes an existing topic unfit to hold the ledger, each naming the setting and the command
     * that fixes it; empty when it keeps every record forever.
     *
     * @param effective the topic's effective configuration (describeConfigs)
     */
    public static List<String> problems(String topic, Map<String, String> effective, String bootstrapServers) {
        List<String> problems = new ArrayList<>();
        String retentionMs = effective.get(RETENTION_MS);
        if (retentionMs != null && !retentionMs.equals("-1")) {
            problems.add(problem(topic, RETENTION_MS, retentionMs, "records older than " + describeMillis(retentionMs) + " are deleted", "-1", bootstrapServers));
        }
        String retentionBytes = effective.get(RETENTION_BYTES);
        if (retentionBytes != null && !retentionBytes.equals("-1")) {
            problems.add(problem(topic, RETENTION_BYTES, retentionBytes, "the oldest records are deleted past " + retentionBytes + " bytes per partition",
                    "-1", bootstrapServers));
        }
        String cleanup = effective.get(CLEANUP_POLICY);
        if (cleanup != null && !cleanup.strip().equals("delete")) {
            problems.add(problem(topic, CLEANUP_POLICY, cleanup, "compaction keeps only the last record per key, and events share keys",
                    "delete", bootstrapServers));
        }
        return problems;
    }

    private static String problem(String topic, String setting, String value, String effect, String wanted, String bootstrapServers) {
        return "topic " + topic + " has " + setting + "=" + value + ": " + effect + ", and the ledger must keep every event. Fix it with: "
                + "kafka-configs.sh --bootstrap-server " + bootstrapServers + " --alter --entity-type topics --entity-name " + topic
                + " --add-config " + setting + "=" + wanted;
    }

    private static String describeMillis(String millis) {
        try {
            long ms = Long.parseLong(millis);
            return ms % 86_400_000L == 0 ? ms / 86_400_000L + " days" : ms + " ms";
        } catch (NumberFormatException e) {
            return millis + " ms";
        }
    }
}
