package org.custodyledger.projection.query;

import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * How a digest shares the machine with the live units. An operator's digest ({@link #FLAT_OUT})
 * runs as fast as it can; the hourly checkpoint's is background work, and at a million events it
 * is minutes of a core: run flat out, it slowed every live unit on a 2-core machine for as long
 * (freshness p99 3.6x, measured). So it works in slices of {@link #SLICE_NANOS} and rests after
 * each as long as it worked, as autovacuum's cost delay does: it takes twice as long and leaves
 * the live units a core.
 */
public final class DigestPace {
    public static final DigestPace FLAT_OUT = new DigestPace(0, System::nanoTime, nanos -> { });
    static final long SLICE_NANOS = 20_000_000L;

    private final double restPerWork;
    private final LongSupplier clock;
    private final LongConsumer rest;
    private long sliceStarted;

    DigestPace(double restPerWork, LongSupplier clock, LongConsumer rest) {
        this.restPerWork = restPerWork;
        this.clock = clock;
        this.rest = rest;
        this.sliceStarted = clock.getAsLong();
    }

    /** Rests {@code restPerWork} times as long as it worked (1.0: as long). */
    public static DigestPace resting(double restPerWork) {
        return new DigestPace(restPerWork, System::nanoTime, DigestPace::sleep);
    }

    boolean paced() {
        return restPerWork > 0;
    }

    /** After a piece of the digest's work: rests if a slice's worth has been worked since the last rest. */
    void worked() {
        if (!paced()) {
            return;
        }
        long worked = clock.getAsLong() - sliceStarted;
        if (worked >= SLICE_NANOS) {
            rest.accept((long) (worked * restPerWork));
            sliceStarted = clock.getAsLong();
        }
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("digest interrupted", e);
        }
    }
}
