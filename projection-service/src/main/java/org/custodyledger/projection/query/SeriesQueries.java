package org.custodyledger.projection.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.custodyledger.ledger.Series;
import org.custodyledger.projection.Sql;

/**
 * {@link Series} in one query: per step and facility, the first registration and the latest census
 * before the step's end, and entry_sum (the daily sums, see V1) for the population and the net
 * change, so a request costs O(steps), not the entries in its window. ProjectionMatchesFoldIT
 * holds it equal to the rule.
 */
public final class SeriesQueries {
    private SeriesQueries() {
    }

    /** The facilities first registered in a country, by {@code to}. */
    public static List<String> facilitiesOf(Connection c, String country, Instant to) throws SQLException {
        return Sql.list(c, "SELECT facility_id FROM (" + LedgerQueries.FIRST_REGISTRATIONS + " ORDER BY facility_id, occurred_at, event_id) f "
                + "WHERE country = ? ORDER BY facility_id", r -> r.getString(1), to, country);
    }

    /**
     * One nationality's people: the facilities and their lines at each step's end (BreakdownQueries),
     * narrowed as {@link Series#ofNationality} does; O(steps x the facilities' transfers).
     */
    public static List<Series.Point> ofNationality(Connection c, List<String> facilityIds, Instant from, Instant to, Series.Step step,
                                                   String nationality) throws SQLException {
        return Series.stepped(from, to, step, end -> narrowed(c, facilityIds, end, nationality));
    }

    /** The facilities registered before {@code end}, narrowed to a nationality's lines (the events before end: a microsecond, PostgreSQL's grain). */
    private static Map<String, org.custodyledger.ledger.FacilityView> narrowed(Connection c, List<String> ids, Instant end, String nationality)
            throws SQLException {
        Instant t = end.minus(1, java.time.temporal.ChronoUnit.MICROS);
        var lines = new BreakdownQueries(c, t).facilities(ids);
        Map<String, org.custodyledger.ledger.FacilityView> views = new TreeMap<>();
        for (var f : new LedgerQueries(c, t).facilities(ids)) {
            views.put(f.facilityId(), Series.ofNationality(f, lines.get(f.facilityId()), nationality));
        }
        return views;
    }

    public static List<Series.Point> of(Connection c, List<String> facilityIds, Instant from, Instant to, Series.Step step) throws SQLException {
        List<Instant> starts = Series.starts(from, to, step);
        String length = step.length.toDays() + " days";
        String end = "(s.start + ?::interval)";
        String sql = "SELECT s.start, r.event_id IS NOT NULL AS registered, r.capacity, "
                + "cen.population + entry_sum(f.id, cen.occurred_at, cen.event_id, " + end + ", false) AS population, "
                + "CASE WHEN r.event_id IS NULL THEN 0 ELSE entry_sum(f.id, r.occurred_at, r.event_id, " + end + ", false) "
                + "  - entry_sum(f.id, r.occurred_at, r.event_id, s.start, false) END AS net "
                + "FROM generate_series(?::timestamptz, ?::timestamptz, ?::interval) AS s(start) CROSS JOIN unnest(?::text[]) AS f(id) "
                + "LEFT JOIN LATERAL (SELECT x.* FROM facility_registration x WHERE x.facility_id = f.id AND x.occurred_at < " + end + " AND"
                + Sql.notRetracted("x") + " ORDER BY x.occurred_at, x.event_id LIMIT 1) r ON true "
                + "LEFT JOIN LATERAL (SELECT x.occurred_at, x.event_id, x.population FROM census x WHERE x.facility_id = f.id AND r.event_id IS NOT NULL "
                + "AND (x.occurred_at, x.event_id) > (r.occurred_at, r.event_id) AND x.occurred_at < " + end + " AND" + Sql.notRetracted("x")
                + " ORDER BY x.occurred_at DESC, x.event_id DESC LIMIT 1) cen ON true";
        record Row(Instant start, boolean registered, Integer capacity, Long population, long net) {
        }
        List<Row> rows = Sql.list(c, sql, r -> {
            long population = r.getLong("population");
            Long known = r.wasNull() ? null : population;
            return new Row(Sql.instant(r, "start"), r.getBoolean("registered"), Sql.integer(r, "capacity"), known, r.getLong("net"));
        }, length, length, from, starts.get(starts.size() - 1), length, facilityIds, length, length);
        Map<Instant, List<Series.Part>> byStart = new TreeMap<>();
        starts.forEach(s -> byStart.put(s, new ArrayList<>()));
        rows.stream().filter(Row::registered).forEach(r -> byStart.get(r.start()).add(new Series.Part(r.population(), r.net(), r.capacity())));
        List<Series.Point> points = new ArrayList<>();
        byStart.forEach((start, parts) -> points.add(Series.point(start, start.plus(step.length), parts)));
        return points;
    }
}
