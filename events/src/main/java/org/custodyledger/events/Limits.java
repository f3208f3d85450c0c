package org.custodyledger.events;

/** Size limits of SPEC v1 input; generous for real use, small enough that no request can exhaust memory. */
public final class Limits {
    public static final int ID_LENGTH = 64;
    public static final int NAME_LENGTH = 200;
    public static final int REASON_LENGTH = 1_000;
    public static final int QUOTE_LENGTH = 4_000;
    public static final int URL_LENGTH = 2_000;
    public static final int MAX_COUNT = 10_000_000;
    public static final int MAX_BREAKDOWN_ENTRIES = 100;
    public static final int MAX_CLAIMS = 50;
    /** Events may be recorded late, never ahead of time; this is the clock skew tolerated. */
    public static final java.time.Duration FUTURE_SKEW = java.time.Duration.ofMinutes(5);
    /** Earliest accepted event time; anything before is a typo, not history this ledger holds. */
    public static final java.time.Instant EARLIEST = java.time.Instant.parse("1900-01-01T00:00:00Z");

    private Limits() {
    }
}
