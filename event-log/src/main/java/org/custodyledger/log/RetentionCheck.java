package org.custodyledger.log;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * Whether a topic keeps every event ({@link LogRetention#problems}), asked of the broker at most
 * every 10 s: readiness asks on every probe, and topic settings change rarely.
 */
public final class RetentionCheck {
    private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Admin admin;
    private final String topic;
    private final String bootstrapServers;
    private List<String> problems = List.of();
    private long checkedAt;
    private boolean checked;

    public RetentionCheck(Admin admin, String topic, String bootstrapServers) {
        this.admin = admin;
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
    }

    /** What makes the topic unfit to keep the ledger, each with the command that fixes it; empty when fit. */
    public synchronized List<String> problems() throws ExecutionException, TimeoutException, InterruptedException {
        if (checked && System.nanoTime() - checkedAt < RECHECK_NANOS) {
            return problems;
        }
        problems = LogTopics.problems(admin, topic, bootstrapServers, 3_000);
        checked = true;
        checkedAt = System.nanoTime();
        return problems;
    }
}
