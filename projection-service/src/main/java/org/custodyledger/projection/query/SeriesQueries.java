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
 * {@link Series} in one query: per step and facility, the first registration, the custodian and the
 * latest census before the step's end, entry_sum (the daily sums, see V1) for the population and
 * the net change, and entry_moves (V7) for the arrivals and departures, so a request costs
 * O(steps x facilities), not the entries in its window. ProjectionMatchesFoldIT holds it equal to the rule.
 */
public final class SeriesQueries {
    private SeriesQueries() {
    }

    /** Every facility first registered by {@code to} (a custodian's are those it holds at each step's end). */
    public static List<String> facilities(Connection c, Instant to) throws SQLException {
        return Sql.list(c, "SELECT facility_id FROM (" + LedgerQueries.FIRST_REGISTRATIONS + " ORDER BY facility_id, occurred_at, event_id) f "
                + "ORDER BY facility_id", r -> r.getString(1), to);
    }

    /** Whether a custodian held a facility at any time by {@code to}: at its registration or by a change of custodian. */
    public static boolean everHeld(Connection c, String custodian, Instant to) throws SQLException {
        return Sql.list(c, "SELECT 1 FROM facility_registration x WHERE x.custodian = ? AND x.occurred_at <= ? AND" + Sql.notRetracted("x")
                + " UNION ALL SELECT 1 FROM custodian_change x WHERE x.custodian = ? AND x.occurred_at <= ? AND" + Sql.notRetracted("x") + " LIMIT 1",
                r -> 1, custodian, to, custodian, to).size() > 0;
    }

    /** The facilities first registered in a country, by {@code to}. */
    public static List<String> facilitiesOf(Connection c, String country, Instant to) throws SQLException {
        return Sql.list(c, "SELECT facility_id FROM (" + LedgerQueries.FIRST_REGISTRATIONS + " ORDER BY facility_id, occurred_at, event_id) f "
                + "WHERE country = ? ORDER BY facility_id", r -> r.getString(1), to, country);
    }

    /**
     * One nationality's people: the facilities and their lines at each step's end (BreakdownQueries),
     * narrowed as {@link Series#ofNationality} does; O(steps x the facilities' transfers).
     * With a custodian, only the facilities it holds at each step's end.
     */
    public static List<Series.Point> ofNationality(Connection c, List<String> facilityIds, String custodian, Instant from, Instant to,
                                                   Series.Step step, String nationality) throws SQLException {
        return Series.stepped(from, to, step, f -> custodian == null || custodian.equals(f.custodian()), end -> narrowed(c, facilityIds, end, nationality));
    }

    /** The events before an instant: a microsecond before it, PostgreSQL's grain. */
    private static Instant before(Instant end) {
        return end.minus(1, java.time.temporal.ChronoUnit.MICROS);
    }

    /** The facilities registered before {@code end}, narrowed to a nationality's lines. */
    private static Map<String, Series.Standing> narrowed(Connection c, List<String> ids, Instant end, String nationality)
            throws SQLException {
        Instant t = before(end);
        BreakdownQueries breakdowns = new BreakdownQueries(c, t);
        var lines = breakdowns.facilities(ids);
        var moves = breakdowns.moves(ids, nationality);
        Map<String, Series.Standing> views = new TreeMap<>();
        for (var f : new LedgerQueries(c, t).facilities(ids)) {
            long[] m = moves.getOrDefault(f.facilityId(), new long[2]);
            views.put(f.facilityId(), new Series.Standing(Series.ofNationality(f, lines.get(f.facilityId()), nationality), m[0], m[1]));
        }
        return views;
    }

    /** An operation step by step, from its figures before each step's end (DailySums): O(steps) queries of O(its days). */
    public static List<Series.OperationPoint> ofOperation(Connection c, String operationId, Instant from, Instant to, Series.Step step)
            throws SQLException {
        return Series.operationStepped(from, to, step, end -> new LedgerQueries(c, before(end)).operation(operationId));
    }

    /** The facilities' steps; with a custodian, only those it holds at each step's end. */
    public static List<Series.Point> of(Connection c, List<String> facilityIds, String custodian, Instant from, Instant to, Series.Step step)
            throws SQLException {
        List<Instant> starts = Series.starts(from, to, step);
        String length = step.length.toDays() + " days";
        String end = "(s.start + ?::interval)";
        String after = "(x.occurred_at, x.event_id) > (r.occurred_at, r.event_id) AND x.occurred_at < " + end + " AND" + Sql.notRetracted("x");
        String sql = "SELECT s.start, r.event_id IS NOT NULL AS registered, r.capacity, COALESCE(cc.custodian, r.custodian) AS custodian, "
                + "cen.population + entry_sum(f.id, cen.occurred_at, cen.event_id, " + end + ", false) AS population, "
                + "CASE WHEN r.event_id IS NULL THEN 0 ELSE entry_sum(f.id, r.occurred_at, r.event_id, " + end + ", false) "
                + "  - entry_sum(f.id, r.occurred_at, r.event_id, s.start, false) END AS net, "
                + "COALESCE(e.arrivals - b.arrivals, 0) AS arrivals, COALESCE(e.departures - b.departures, 0) AS departures "
                + "FROM generate_series(?::timestamptz, ?::timestamptz, ?::interval) AS s(start) CROSS JOIN unnest(?::text[]) AS f(id) "
                + "LEFT JOIN LATERAL (SELECT x.* FROM facility_registration x WHERE x.facility_id = f.id AND x.occurred_at < " + end + " AND"
                + Sql.notRetracted("x") + " ORDER BY x.occurred_at, x.event_id LIMIT 1) r ON true "
                + "LEFT JOIN LATERAL (SELECT x.custodian FROM custodian_change x WHERE x.facility_id = f.id AND r.event_id IS NOT NULL AND " + after
                + " ORDER BY x.occurred_at DESC, x.event_id DESC LIMIT 1) cc ON true "
                + "LEFT JOIN LATERAL (SELECT x.occurred_at, x.event_id, x.population FROM census x WHERE x.facility_id = f.id AND r.event_id IS NOT NULL "
                + "AND " + after + " ORDER BY x.occurred_at DESC, x.event_id DESC LIMIT 1) cen ON true "
                + "LEFT JOIN LATERAL entry_moves(f.id, r.occurred_at, r.event_id, " + end + ") e ON r.event_id IS NOT NULL "
                + "LEFT JOIN LATERAL entry_moves(f.id, r.occurred_at, r.event_id, s.start) b ON r.event_id IS NOT NULL";
        record Row(Instant start, boolean registered, Integer capacity, String custodian, Long population, long net, long arrivals, long departures) {
        }
        List<Row> rows = Sql.list(c, sql, r -> {
            long population = r.getLong("population");
            Long known = r.wasNull() ? null : population;
            return new Row(Sql.instant(r, "start"), r.getBoolean("registered"), Sql.integer(r, "capacity"), r.getString("custodian"), known,
                    r.getLong("net"), r.getLong("arrivals"), r.getLong("departures"));
        }, length, length, from, starts.get(starts.size() - 1), length, facilityIds, length, length, length, length);
        Map<Instant, List<Series.Part>> byStart = new TreeMap<>();
        starts.forEach(s -> byStart.put(s, new ArrayList<>()));
        rows.stream().filter(r -> r.registered() && (custodian == null || custodian.equals(r.custodian())))
                .forEach(r -> byStart.get(r.start()).add(new Series.Part(r.population(), r.net(), r.arrivals(), r.departures(), r.capacity())));
        List<Series.Point> points = new ArrayList<>();
        byStart.forEach((start, parts) -> points.add(Series.point(start, start.plus(step.length), parts)));
        return points;
    }
}
