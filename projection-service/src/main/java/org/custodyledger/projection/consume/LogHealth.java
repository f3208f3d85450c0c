package org.custodyledger.projection.consume;

import org.custodyledger.projection.ProjectionConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.custodyledger.log.LogGap;

/**
 * What keeps the projection from being trusted, each loud: gaps in the log, a position that stands
 * still while the log has records past it (stalled), a topic that would delete events, the last
 * unit that failed. Readiness, metrics and /admin/status read it from here.
 */
@ApplicationScoped
public class LogHealth {
    private final MeterRegistry metrics;
    private final long stallAfterNanos;
    private final Map<Integer, Long> lagByPartition = new ConcurrentHashMap<>();
    private final Map<Integer, Long> positionByPartition = new ConcurrentHashMap<>();
    private volatile List<LogGap> gaps = List.of();
    private volatile List<String> topicProblems = List.of();
    private volatile long lastAdvance = System.nanoTime();
    private volatile String lastFailure;
    private volatile Instant lastFailureAt;

    LogHealth(MeterRegistry metrics, ProjectionConfig config) {
        this.metrics = metrics;
        this.stallAfterNanos = config.projection().stallAfter().toNanos();
        Gauge.builder("ledger.projection.stalled", () -> stalled() ? 1 : 0)
                .description("1 while the position has not advanced for ledger.projection.stall-after although the log has records past it")
                .register(metrics);
        Gauge.builder("ledger.projection.log.gap.records", () -> gaps.stream().mapToLong(LogGap::missing).sum())
                .description("Records the projection needs that the log no longer holds (0 unless the log was truncated)")
                .register(metrics);
        Gauge.builder("ledger.projection.idle", () -> (System.nanoTime() - lastAdvance) / 1e9).baseUnit("seconds")
                .description("Seconds since the projection last committed a unit of work or was caught up")
                .register(metrics);
    }

    /** The next offset the projection will read of a partition, as published with its read models. */
    public void position(int partition, long nextOffset) {
        if (positionByPartition.put(partition, nextOffset) == null) {
            Gauge.builder("ledger.projection.position", () -> positionByPartition.getOrDefault(partition, 0L))
                    .description("The next offset of the partition the projection will apply: its read models cover the records before it")
                    .tag("partition", String.valueOf(partition)).register(metrics);
        }
    }

    /** Records past the published position, per partition (the log's end is the last stable offset). */
    public void lag(int partition, long records) {
        if (lagByPartition.put(partition, Math.max(0, records)) == null) {
            Gauge.builder("ledger.projection.lag.records", () -> lagByPartition.getOrDefault(partition, 0L))
                    .description("Records in the log past the projection's published position")
                    .tag("partition", String.valueOf(partition)).register(metrics);
        }
        if (totalLag() == 0) {
            lastAdvance = System.nanoTime();
        }
    }

    public long totalLag() {
        return lagByPartition.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<Integer, Long> lagByPartition() {
        return new TreeMap<>(lagByPartition);
    }

    /** A unit of work was committed: the projection moves. */
    public void advanced() {
        lastAdvance = System.nanoTime();
    }

    public boolean stalled() {
        return totalLag() > 0 && System.nanoTime() - lastAdvance > stallAfterNanos;
    }

    /** Seconds since the projection last committed a unit or was caught up. */
    public long secondsSinceAdvance() {
        return (System.nanoTime() - lastAdvance) / 1_000_000_000L;
    }

    public void failed(String reason) {
        lastFailure = reason;
        lastFailureAt = Instant.now();
    }

    public String lastFailure() {
        return lastFailure == null ? null : lastFailureAt + ": " + lastFailure;
    }

    public void gaps(List<LogGap> gaps) {
        this.gaps = List.copyOf(gaps);
    }

    public List<LogGap> gaps() {
        return gaps;
    }

    public void topicProblems(List<String> problems) {
        this.topicProblems = List.copyOf(problems);
    }

    public List<String> topicProblems() {
        return topicProblems;
    }
}
