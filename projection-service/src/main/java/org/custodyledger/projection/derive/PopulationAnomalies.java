package org.custodyledger.projection.derive;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.custodyledger.ledger.Anomaly;
import org.custodyledger.ledger.PopulationCheck;
import org.custodyledger.projection.Sql;
import org.custodyledger.projection.query.LedgerQueries;

/**
 * A facility's population anomalies by the pure {@link PopulationCheck}, walked over its censuses
 * and ledger entries in the database. A census sets the population whatever came before, so
 * changes re-check from their earliest instant up to the first census after the latest, starting
 * from the population just before the earliest (one indexed sum). Whole days in between are passed without reading their entries
 * where their population span ({@code facility_day}) shows they can start no anomaly; the days
 * stepped through get their span written back. So the cost is that of the days where the
 * population comes near zero or capacity, not the length of the history.
 */
final class PopulationAnomalies {
    /** The smallest eventId in PostgreSQL's order: (t, FIRST) comes before every event at t. */
    private static final UUID FIRST = new UUID(0, 0);
    /** The largest: (t, LAST) comes after every event at t. */
    private static final UUID LAST = new UUID(-1, -1);
    private static final int DAYS_PAGE = 1_000;

    private final Connection c;
    private final DerivedAnomalies anomalies;
    private final int historyPage;

    PopulationAnomalies(Connection c, DerivedAnomalies anomalies, int historyPage) {
        this.c = c;
        this.anomalies = anomalies;
        this.historyPage = historyPage;
    }

    private record Census(Sql.EventRef at, int population) {
    }

    /** A facility_day row: its net delta, and its span when known. */
    private record Day(LocalDate day, long delta, PopulationCheck.Span span) {
    }

    /** The spans of the whole days a check stepped through, to write back. */
    private record Stepped(long delta, long low, long high, Sql.EventRef last) {
    }

    void check(String facilityId, LedgerQueries.Registration reg, Touched.PopulationChange changed) throws SQLException {
        String owner = "population/" + facilityId;
        Map<LocalDate, Stepped> stepped = new HashMap<>();
        Sql.EventRef registered = new Sql.EventRef(reg.occurredAt(), reg.eventId());
        Sql.EventRef from;
        boolean fromIncluded;
        Census bound; // the last census to step through; after it nothing depends on what changed (null: to the end)
        PopulationCheck.Walk walk;
        if (!changed.since().isAfter(reg.occurredAt())) { // the whole history (or from before the registration: the same)
            Sql.update(c, "DELETE FROM derived_anomaly WHERE owner = ?", owner);
            walk = new PopulationCheck.Walk(facilityId, reg.capacity(), null);
            from = registered; // strictly after: what came before the registration is not its history
            fromIncluded = false;
            bound = null;
        } else {
            from = new Sql.EventRef(changed.since(), FIRST);
            fromIncluded = true;
            bound = changed.until() == null ? null : nextCensus(facilityId, registered, new Sql.EventRef(changed.until(), LAST), false);
            Sql.update(c, "DELETE FROM derived_anomaly WHERE owner = ? AND occurred_at >= ?"
                    + (bound == null ? "" : " AND (occurred_at, event_id) <= (?, ?)"), bound == null ? new Object[] {owner, changed.since()}
                    : new Object[] {owner, changed.since(), bound.at().at(), bound.at().eventId()});
            walk = new PopulationCheck.Walk(facilityId, reg.capacity(), populationBefore(facilityId, reg, changed.since()));
        }
        while (true) {
            Census census = nextCensus(facilityId, registered, from, fromIncluded);
            segment(owner, facilityId, reg.capacity(), walk, from, fromIncluded, census, stepped);
            if (census == null || census.equals(bound)) {
                break;
            }
            from = census.at();
            fromIncluded = false;
        }
        writeSpans(facilityId, stepped);
    }

    /** Entries from {@code from} up to {@code census}, then the census itself; without a census, to the end. */
    private void segment(String owner, String facilityId, Integer capacity, PopulationCheck.Walk walk, Sql.EventRef from, boolean fromIncluded, Census census,
                         Map<LocalDate, Stepped> stepped) throws SQLException {
        Sql.EventRef until = census == null ? null : census.at();
        if (walk.population() != null) { // else unknown until the census: nothing to find before it
            LocalDate first = day(from.at());
            Sql.EventRef nextDay = new Sql.EventRef(start(first.plusDays(1)), FIRST);
            boolean endsThatDay = until != null && until.at().isBefore(nextDay.at());
            steps(owner, facilityId, walk, from, fromIncluded, endsThatDay ? until : nextDay, null);
            if (!endsThatDay) {
                LocalDate last = until == null ? null : day(until.at());
                wholeDays(owner, facilityId, capacity, walk, first, last, stepped);
                if (last != null) {
                    steps(owner, facilityId, walk, new Sql.EventRef(start(last), FIRST), true, until, null);
                }
            }
        }
        if (census != null) {
            List<Anomaly> found = new ArrayList<>();
            walk.step(new PopulationCheck.Step(census.at().eventId(), census.at().at(), "facility/" + facilityId, census.population(), 0), found::add);
            anomalies.add(owner, found);
        }
    }

    /** The whole days strictly between {@code first} and {@code last} (null: no end): quiet ones passed, runs of the others stepped through. */
    private void wholeDays(String owner, String facilityId, Integer capacity, PopulationCheck.Walk walk, LocalDate first, LocalDate last,
                           Map<LocalDate, Stepped> stepped) throws SQLException {
        List<Day> run = new ArrayList<>();
        long runDelta = 0;
        LocalDate after = first;
        while (true) {
            List<Day> page = Sql.list(c, "SELECT day, delta, low, high FROM facility_day WHERE facility_id = ? AND day > ?"
                    + (last == null ? "" : " AND day < ?") + " ORDER BY day LIMIT " + DAYS_PAGE, r -> {
                        long low = r.getLong("low");
                        PopulationCheck.Span span = r.wasNull() ? null : new PopulationCheck.Span(r.getLong("delta"), low, r.getLong("high"));
                        return new Day(r.getObject("day", LocalDate.class), r.getLong("delta"), span);
                    }, last == null ? new Object[] {facilityId, after} : new Object[] {facilityId, after, last});
            for (Day day : page) {
                // Whether quiet from the population at the day's start: the walk's, plus the run not stepped through yet.
                long atStart = walk.population() + runDelta;
                if (day.span() != null && PopulationCheck.quiet(atStart, capacity, day.span())) {
                    stepThrough(owner, facilityId, walk, run, stepped);
                    runDelta = 0;
                    walk.pass(day.span());
                } else {
                    run.add(day);
                    runDelta += day.delta();
                }
            }
            if (page.size() < DAYS_PAGE) {
                break;
            }
            after = page.get(page.size() - 1).day();
        }
        stepThrough(owner, facilityId, walk, run, stepped);
    }

    /** Steps through a run of whole days (no quiet day between them), noting each day's span; checks their sum against facility_day. */
    private void stepThrough(String owner, String facilityId, PopulationCheck.Walk walk, List<Day> run, Map<LocalDate, Stepped> stepped)
            throws SQLException {
        if (run.isEmpty()) {
            return;
        }
        long expected = walk.population() + run.stream().mapToLong(Day::delta).sum();
        steps(owner, facilityId, walk, new Sql.EventRef(start(run.get(0).day()), FIRST), true,
                new Sql.EventRef(start(run.get(run.size() - 1).day().plusDays(1)), FIRST), stepped);
        if (walk.population() != expected) {
            throw new IllegalStateException("facility_day of " + facilityId + " from " + run.get(0).day() + " to " + run.get(run.size() - 1).day()
                    + " disagrees with its ledger entries (" + expected + " against " + walk.population() + ")");
        }
        run.clear();
    }

    /**
     * The ledger entries from {@code from} to {@code until} (excluded; null: no end) a page at a time;
     * with {@code stepped}, the span of each of their days is noted (they must be whole days).
     */
    private void steps(String owner, String facilityId, PopulationCheck.Walk walk, Sql.EventRef from, boolean fromIncluded, Sql.EventRef until,
                       Map<LocalDate, Stepped> stepped) throws SQLException {
        List<Anomaly> found = new ArrayList<>();
        String lower = fromIncluded ? ">=" : ">";
        Sql.EventRef at = from;
        while (true) {
            List<Object> parameters = new ArrayList<>(List.of(facilityId, at.at(), at.eventId()));
            if (until != null) {
                parameters.addAll(List.of(until.at(), until.eventId()));
            }
            List<PopulationCheck.Step> page = Sql.list(c, "SELECT event_id, occurred_at, delta, transfer_id FROM ledger_entry "
                    + "WHERE facility_id = ? AND (occurred_at, event_id) " + lower + " (?, ?)"
                    + (until == null ? "" : " AND (occurred_at, event_id) < (?, ?)")
                    + " ORDER BY occurred_at, event_id LIMIT " + historyPage,
                    r -> new PopulationCheck.Step(r.getObject("event_id", UUID.class), Sql.instant(r, "occurred_at"),
                            "transfer/" + r.getString("transfer_id"), null, r.getInt("delta")), parameters.toArray());
            for (PopulationCheck.Step step : page) {
                walk.step(step, found::add);
                at = new Sql.EventRef(step.occurredAt(), step.eventId());
                if (stepped != null) {
                    stepped.merge(day(step.occurredAt()), new Stepped(step.delta(), step.delta(), step.delta(), at), (a, b) -> {
                        long sum = a.delta() + b.delta();
                        return new Stepped(sum, Math.min(a.low(), sum), Math.max(a.high(), sum), b.last());
                    });
                }
            }
            anomalies.add(owner, found);
            found.clear();
            if (page.size() < historyPage) {
                return;
            }
            lower = ">";
        }
    }

    /** The first unretracted census of the facility's history from {@code from} on; null if none. */
    private Census nextCensus(String facilityId, Sql.EventRef registered, Sql.EventRef from, boolean fromIncluded) throws SQLException {
        List<Census> next = Sql.list(c, "SELECT event_id, occurred_at, population FROM census x WHERE facility_id = ? "
                + "AND (occurred_at, event_id) > (?, ?) AND (occurred_at, event_id) " + (fromIncluded ? ">=" : ">") + " (?, ?) AND"
                + Sql.notRetracted("x") + " ORDER BY occurred_at, event_id LIMIT 1",
                r -> new Census(Sql.EventRef.of(r), r.getInt("population")),
                facilityId, registered.at(), registered.eventId(), from.at(), from.eventId());
        return next.isEmpty() ? null : next.get(0);
    }

    /** The population just before {@code since}: the last census before it plus the entries after that census; null if none. */
    private Long populationBefore(String facilityId, LedgerQueries.Registration reg, Instant since) throws SQLException {
        List<Long> population = Sql.list(c, "SELECT x.population + entry_sum(x.facility_id, x.occurred_at, x.event_id, ?, false) "
                + "FROM census x WHERE x.facility_id = ? AND (x.occurred_at, x.event_id) > (?, ?) AND x.occurred_at < ? AND"
                + Sql.notRetracted("x") + " ORDER BY x.occurred_at DESC, x.event_id DESC LIMIT 1",
                r -> r.getLong(1), since, facilityId, reg.occurredAt(), reg.eventId(), since);
        return population.isEmpty() ? null : population.get(0);
    }

    /** Writes back the spans of the whole days stepped through, so the next check can pass them. */
    private void writeSpans(String facilityId, Map<LocalDate, Stepped> stepped) throws SQLException {
        if (stepped.isEmpty()) {
            return;
        }
        List<String> days = new ArrayList<>();
        List<String> lows = new ArrayList<>();
        List<String> highs = new ArrayList<>();
        List<String> lastAt = new ArrayList<>();
        List<String> lastId = new ArrayList<>();
        stepped.forEach((day, span) -> {
            days.add(day.toString());
            lows.add(Long.toString(span.low()));
            highs.add(Long.toString(span.high()));
            lastAt.add(span.last().at().toString());
            lastId.add(span.last().eventId().toString());
        });
        Sql.update(c, "UPDATE facility_day d SET low = u.low, high = u.high, last_at = u.last_at, last_event_id = u.last_event_id "
                + "FROM unnest(?::text[]::date[], ?::text[]::bigint[], ?::text[]::bigint[], ?::text[]::timestamptz[], ?::text[]::uuid[]) "
                + "AS u(day, low, high, last_at, last_event_id) WHERE d.facility_id = ? AND d.day = u.day",
                days, lows, highs, lastAt, lastId, facilityId);
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
