package org.custodyledger.projection.derive;

/**
 * What ledger entries add to a facility's UTC day (a facility_day row): the net delta, the
 * arrivals (positive entries) and the departures (negative ones, as a positive number).
 */
public record DaySum(long delta, long arrivals, long departures) {
    /** An entry of {@code delta} written (sign +1) or deleted (-1). */
    public static DaySum of(int delta, int sign) {
        return new DaySum((long) sign * delta, (long) sign * Math.max(delta, 0), (long) sign * Math.max(-delta, 0));
    }

    public DaySum plus(DaySum other) {
        return new DaySum(delta + other.delta, arrivals + other.arrivals, departures + other.departures);
    }
}
