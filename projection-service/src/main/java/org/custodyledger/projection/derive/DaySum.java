package org.custodyledger.projection.derive;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.custodyledger.ledger.EventOrder;
import org.custodyledger.ledger.PopulationCheck;
import org.custodyledger.projection.Sql;

/**
 * What one unit's ledger entries add to a facility's UTC day (a facility_day row): the net delta,
 * the arrivals (positive entries) and the departures (negative ones, as a positive number); and,
 * when the unit only wrote entries, their {@link PopulationCheck.Span span} from its first to its
 * last entry, which extends the day's span if they all come after the day's last entry.
 */
public record DaySum(long delta, long arrivals, long departures, PopulationCheck.Span span, Sql.EventRef first, Sql.EventRef last) {
    /** An entry of a unit, written (sign +1) or deleted (-1). */
    public record Change(Instant at, UUID eventId, int delta, int sign) {
    }

    /** The sum of one day's changes, in any order. */
    public static DaySum of(List<Change> changes) {
        List<Change> ordered = changes.stream().sorted(Comparator.comparing(Change::at)
                .thenComparing(Change::eventId, EventOrder.EVENT_ID)).toList();
        long delta = 0;
        long arrivals = 0;
        long departures = 0;
        for (Change c : ordered) {
            delta += (long) c.sign() * c.delta();
            arrivals += (long) c.sign() * Math.max(c.delta(), 0);
            departures += (long) c.sign() * Math.max(-c.delta(), 0);
        }
        boolean written = ordered.stream().allMatch(c -> c.sign() > 0);
        PopulationCheck.Span span = written ? PopulationCheck.Span.of(ordered.stream().map(Change::delta).toList()) : null;
        Change first = ordered.get(0);
        Change last = ordered.get(ordered.size() - 1);
        return new DaySum(delta, arrivals, departures, span, new Sql.EventRef(first.at(), first.eventId()), new Sql.EventRef(last.at(), last.eventId()));
    }
}
