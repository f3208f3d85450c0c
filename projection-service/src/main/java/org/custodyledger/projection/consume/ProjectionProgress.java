package org.custodyledger.projection.consume;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.custodyledger.events.ConsistencyToken;

/** How far the projection has applied the log (next offset per partition), and waiting for a position. */
@ApplicationScoped
public class ProjectionProgress {
    private final TreeMap<Integer, Long> nextOffsets = new TreeMap<>();
    private volatile long lag = -1;
    private volatile boolean running;
    private volatile long generation;

    public synchronized void advanced(Map<Integer, Long> committed) {
        committed.forEach((partition, next) -> nextOffsets.merge(partition, next, Math::max));
        notifyAll();
    }

    /** The published next offset per partition. */
    public synchronized Map<Integer, Long> nextOffsets() {
        return new TreeMap<>(nextOffsets);
    }

    /** Bumped when a replay replaces the read models: the same position may then hold other data. */
    public void modelsReplaced() {
        generation++;
    }

    public long generation() {
        return generation;
    }


    public void lag(long lag) {
        this.lag = lag;
    }

    public long lag() {
        return lag;
    }

    public void running(boolean running) {
        this.running = running;
    }

    public boolean running() {
        return running;
    }

    /** The applied position as a consistency token: everything before these offsets is visible. */
    public synchronized String position() {
        return position(nextOffsets);
    }

    /** Next offsets per partition as a consistency token (the last offset of each partition read). */
    public static String position(Map<Integer, Long> nextOffsets) {
        StringBuilder position = new StringBuilder("v1");
        new TreeMap<>(nextOffsets).entrySet().stream().filter(e -> e.getValue() > 0)
                .forEach(e -> position.append('.').append(e.getKey()).append("-").append(e.getValue() - 1));
        return position.toString();
    }

    public synchronized boolean covers(ConsistencyToken token) {
        return token.offsets().entrySet().stream()
                .allMatch(e -> nextOffsets.getOrDefault(e.getKey(), 0L) > e.getValue());
    }

    /** Waits until every write named in the token is applied; false when the wait ran out. */
    public synchronized boolean awaitCovers(ConsistencyToken token, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!covers(token)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
