package org.custodyledger.projection.consume;

/**
 * When a unit derives what it (and the units before it) touched, as a pure rule. Live, every unit
 * derives before its position is published. Far behind the log (more than one poll's worth of
 * records), re-deriving per unit would make catching up quadratic, so units only record what they
 * touched and derivation runs at most every two seconds and takes at most a twentieth of the time
 * (a generated 1M-event log re-derives ~100k population anomalies each time). Either way a
 * derivation is never put off for long: a slow one may have been slow only because the database
 * stalled, and it must not hold the published position back for minutes. A fresh build (an empty
 * schema catching up) has published nothing yet and defers its secondary indexes: it derives once,
 * at the end, as a replay's shadow build does.
 */
public final class DerivationPace {
    private static final long TWO_SECONDS = 2_000_000_000L;
    /** The longest a catch-up waits between derivations, however costly the last one was. */
    static final long LONGEST_WAIT = 30_000_000_000L;
    private static final long CHEAP = 100_000_000L;

    private DerivationPace() {
    }

    /**
     * @param lag       records of the log not read yet
     * @param sinceLast nanoseconds since the last derivation
     * @param lastCost  nanoseconds the last derivation took
     * @param freshBuild the schema is being built from an empty one (its deferred indexes are not
     *                   built yet): like a replay's shadow, it derives once, when it reaches the end
     */
    public static boolean due(long lag, long sinceLast, long lastCost, int maxPollRecords, boolean freshBuild) {
        if (lag <= maxPollRecords) {
            // Nearly caught up: a cheap derivation runs per unit (live freshness); an expensive one
            // waits for the unit that reaches the end, for two seconds at most.
            return lag == 0 || lastCost < CHEAP || sinceLast > TWO_SECONDS;
        }
        return !freshBuild && sinceLast > Math.min(LONGEST_WAIT, Math.max(TWO_SECONDS, 19 * lastCost));
    }
}
