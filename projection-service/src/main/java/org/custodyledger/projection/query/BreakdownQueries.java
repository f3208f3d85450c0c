package org.custodyledger.projection.query;

import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.custodyledger.events.Cohort;
import org.custodyledger.events.EventJson;
import org.custodyledger.events.OperationPlanned;
import org.custodyledger.ledger.Breakdowns;
import org.custodyledger.ledger.CustodyTotals;
import org.custodyledger.ledger.FacilityView;
import org.custodyledger.ledger.TransferView;
import org.custodyledger.projection.Sql;

/**
 * The breakdowns by cohort and nationality at an instant, from {@code census.breakdown} and
 * {@code transfer_line} (written by {@link Breakdowns}' rules), combined by the same
 * {@link Breakdowns.FacilityLines} and {@link Breakdowns#byGroup} as the fold; ProjectionMatchesFoldIT
 * holds them equal. A facility's lines sum its transfers' lines, O(its transfers) per request.
 */
public final class BreakdownQueries {
    private static final TypeReference<List<Cohort>> LINES = new TypeReference<>() {
    };

    /** A transfer's entries by line (Breakdowns.entries): out at initiation, in at completion, back at cancellation. */
    private static final String ENTRIES = "SELECT t.from_facility_id AS facility_id, t.initiated_at AS at, t.initiated_event_id AS event_id, "
            + "l.cohort, l.nationality, -l.initiated AS delta FROM transfer t JOIN transfer_line l ON l.transfer_id = t.transfer_id "
            + "WHERE l.initiated IS NOT NULL AND t.initiated_at <= ? "
            + "UNION ALL SELECT t.to_facility_id, t.finished_at, t.finished_event_id, l.cohort, l.nationality, l.received "
            + "FROM transfer t JOIN transfer_line l ON l.transfer_id = t.transfer_id "
            + "WHERE t.outcome = 'COMPLETED' AND l.received IS NOT NULL AND t.finished_at <= ? "
            + "UNION ALL SELECT t.from_facility_id, t.finished_at, t.finished_event_id, l.cohort, l.nationality, l.initiated "
            + "FROM transfer t JOIN transfer_line l ON l.transfer_id = t.transfer_id "
            + "WHERE t.outcome = 'CANCELLED' AND l.initiated IS NOT NULL AND t.finished_at <= ?";

    private final Connection c;
    private final Instant t;

    public BreakdownQueries(Connection c, Instant t) {
        this.c = c;
        this.t = t;
    }

    /** Why the breakdowns are not complete in this database (read before they were projected), if they are not. */
    public Optional<String> gap() throws SQLException {
        return Sql.list(c, "SELECT reason FROM read_model_gap WHERE model = 'breakdowns'", r -> r.getString(1)).stream().findFirst();
    }

    /** Facilities registered by t (all when {@code ids} is null), by id. */
    public Map<String, Breakdowns.Breakdown> facilities(List<String> ids) throws SQLException {
        record Census(String facilityId, boolean found, String breakdown) {
        }
        String after = "(x.occurred_at, x.event_id) > (reg.occurred_at, reg.event_id) AND x.occurred_at <= ? AND" + Sql.notRetracted("x");
        String reg = "WITH reg AS (" + LedgerQueries.FIRST_REGISTRATIONS + (ids == null ? "" : " AND facility_id = ANY (?)")
                + " ORDER BY facility_id, occurred_at, event_id), "
                + "cen AS (SELECT reg.facility_id, reg.occurred_at AS reg_at, reg.event_id AS reg_id, c.occurred_at AS cen_at, "
                + "c.event_id AS cen_id, c.breakdown FROM reg LEFT JOIN LATERAL (SELECT x.occurred_at, x.event_id, x.breakdown FROM census x "
                + "WHERE x.facility_id = reg.facility_id AND " + after + " ORDER BY x.occurred_at DESC, x.event_id DESC LIMIT 1) c ON true) ";
        List<Object> head = new ArrayList<>(List.of(t));
        if (ids != null) {
            head.add(ids);
        }
        head.add(t);
        Map<String, Census> censuses = new TreeMap<>();
        for (Census census : Sql.list(c, reg + "SELECT facility_id, cen_id IS NOT NULL AS found, breakdown::text FROM cen",
                r -> new Census(r.getString(1), r.getBoolean(2), r.getString(3)), head.toArray())) {
            censuses.put(census.facilityId(), census);
        }
        Map<String, Map<Breakdowns.Line, long[]>> sums = new HashMap<>();
        List<Object> parameters = new ArrayList<>(head);
        parameters.addAll(List.of(t, t, t));
        Sql.stream(c, reg + "SELECT cen.facility_id, e.cohort, e.nationality, SUM(e.delta), COALESCE(SUM(e.delta) FILTER "
                + "(WHERE cen.cen_id IS NOT NULL AND (e.at, e.event_id) > (cen.cen_at, cen.cen_id)), 0) "
                + "FROM cen JOIN (" + ENTRIES + ") e ON e.facility_id = cen.facility_id AND (e.at, e.event_id) > (cen.reg_at, cen.reg_id) "
                + "GROUP BY cen.facility_id, e.cohort, e.nationality",
                r -> sums.computeIfAbsent(r.getString(1), k -> new HashMap<>())
                        .put(new Breakdowns.Line(r.getString(2), r.getString(3)), new long[] {r.getLong(4), r.getLong(5)}),
                parameters.toArray());
        Map<String, Breakdowns.Breakdown> out = new TreeMap<>();
        for (Census census : censuses.values()) {
            // Replayed in the walk's order: the entries before the census, the census, the entries after it.
            Breakdowns.FacilityLines lines = new Breakdowns.FacilityLines();
            Map<Breakdowns.Line, long[]> of = sums.getOrDefault(census.facilityId(), Map.of());
            of.forEach((line, s) -> lines.entry(line, s[0] - s[1]));
            if (census.found()) {
                lines.census(census.breakdown() == null ? null : read(census.breakdown()));
            }
            of.forEach((line, s) -> lines.entry(line, s[1]));
            out.put(census.facilityId(), lines.view(census.facilityId()));
        }
        return out;
    }

    /**
     * Each facility's arrivals and departures of one nationality's lines by t, since its
     * registration ({@link org.custodyledger.ledger.Series.Moves}): {arrived, departed} by id.
     */
    public Map<String, long[]> moves(List<String> ids, String nationality) throws SQLException {
        Map<String, long[]> moves = new HashMap<>();
        Sql.stream(c, "WITH reg AS (" + LedgerQueries.FIRST_REGISTRATIONS + " AND facility_id = ANY (?) ORDER BY facility_id, occurred_at, event_id) "
                + "SELECT reg.facility_id, COALESCE(SUM(GREATEST(e.delta, 0)), 0), COALESCE(SUM(GREATEST(-e.delta, 0)), 0) "
                + "FROM reg JOIN (" + ENTRIES + ") e ON e.facility_id = reg.facility_id AND (e.at, e.event_id) > (reg.occurred_at, reg.event_id) "
                + "WHERE e.nationality = ? GROUP BY reg.facility_id",
                r -> moves.put(r.getString(1), new long[] {r.getLong(2), r.getLong(3)}), t, ids, t, t, t, nationality);
        return moves;
    }

    private static List<Cohort> read(String breakdown) throws SQLException {
        try {
            return EventJson.mapper().readValue(breakdown, LINES);
        } catch (java.io.IOException e) {
            throw new SQLException("census.breakdown is not a list of lines: " + breakdown, e);
        }
    }

    /** Each operation planned by t, by line (all of them when {@code operationId} is null). */
    public Map<String, List<Breakdowns.OperationLine>> operations(Map<String, OperationPlanned> plans) throws SQLException {
        Map<String, Map<Breakdowns.Line, Breakdowns.OperationLine>> byOperation = new TreeMap<>();
        plans.keySet().forEach(id -> byOperation.put(id, new TreeMap<>(Breakdowns.Line.ORDER)));
        String done = "t.finished_at <= ?";
        Sql.stream(c, "SELECT t.operation_id, l.cohort, l.nationality, COALESCE(SUM(l.initiated), 0), "
                + "COALESCE(SUM(l.received) FILTER (WHERE t.outcome = 'COMPLETED' AND " + done + "), 0), "
                + "COALESCE(SUM(l.initiated) FILTER (WHERE t.finished_at IS NULL OR t.finished_at > ?), 0), "
                + "COALESCE(SUM(l.initiated) FILTER (WHERE t.outcome = 'CANCELLED' AND " + done + "), 0), "
                + "COALESCE(SUM(l.lost) FILTER (WHERE t.outcome = 'COMPLETED' AND " + done + "), 0) "
                + "FROM transfer t JOIN transfer_line l ON l.transfer_id = t.transfer_id "
                + "WHERE t.operation_id = ANY (?) AND t.initiated_at <= ? "
                // A line only of those received shows once they are.
                + "AND (l.initiated IS NOT NULL OR (t.outcome = 'COMPLETED' AND " + done + ")) GROUP BY 1, 2, 3",
                r -> byOperation.get(r.getString(1)).put(new Breakdowns.Line(r.getString(2), r.getString(3)),
                        new Breakdowns.OperationLine(r.getString(2), r.getString(3), r.getLong(4), r.getLong(5), r.getLong(6), r.getLong(7), r.getLong(8))),
                t, t, t, t, new ArrayList<>(plans.keySet()), t, t);
        Map<String, List<Breakdowns.OperationLine>> out = new TreeMap<>();
        byOperation.forEach((id, lines) -> out.put(id, List.copyOf(lines.values())));
        return out;
    }

    /** People received by line in completed transfers of an operation, or into facilities. */
    public Map<Breakdowns.Line, Long> received(String operationId, List<String> facilityIds) throws SQLException {
        Map<Breakdowns.Line, Long> lines = new TreeMap<>(Breakdowns.Line.ORDER);
        Sql.stream(c, "SELECT l.cohort, l.nationality, SUM(l.received) FROM transfer t JOIN transfer_line l ON l.transfer_id = t.transfer_id "
                + "WHERE " + (operationId != null ? "t.operation_id = ?" : "t.to_facility_id = ANY (?)")
                + " AND t.initiated_at <= ? AND t.outcome = 'COMPLETED' AND t.finished_at <= ? AND l.received <> 0 GROUP BY 1, 2",
                r -> lines.put(new Breakdowns.Line(r.getString(1), r.getString(2)), r.getLong(3)),
                operationId != null ? operationId : facilityIds, t, t);
        return lines;
    }

    /** Everything by line at t; {@code facilities} and {@code plans} as LedgerQueries reads them at t. */
    public Breakdowns.Snapshot snapshot(List<FacilityView> facilities, Map<String, OperationPlanned> plans, List<TransferView> inTransit) throws SQLException {
        Map<String, Breakdowns.Breakdown> byFacility = facilities(null);
        Map<String, String> custodianOf = new HashMap<>();
        Map<String, String> countryOf = new HashMap<>();
        facilities.forEach(f -> {
            custodianOf.put(f.facilityId(), f.custodian());
            countryOf.put(f.facilityId(), f.country());
        });
        Map<String, String> holderOf = new HashMap<>();
        for (TransferView v : inTransit) {
            holderOf.put(v.transferId(), CustodyTotals.holderInTransit(v, id -> plans.containsKey(id) ? plans.get(id).lead() : null, custodianOf::get));
        }
        Map<String, List<Breakdowns.TransferLine>> held = new TreeMap<>();
        Sql.stream(c, "SELECT t.transfer_id, l.cohort, l.nationality, l.initiated FROM transfer t JOIN transfer_line l ON l.transfer_id = t.transfer_id "
                + "WHERE t.initiated_at <= ? AND (t.finished_at IS NULL OR t.finished_at > ?) AND l.initiated IS NOT NULL",
                r -> held.computeIfAbsent(holderOf.get(r.getString(1)), k -> new ArrayList<>())
                        .add(new Breakdowns.TransferLine(new Breakdowns.Line(r.getString(2), r.getString(3)), r.getInt(4), null, null)), t, t);
        return new Breakdowns.Snapshot(byFacility, Breakdowns.byGroup(custodianOf, byFacility.values(), held),
                Breakdowns.byGroup(countryOf, byFacility.values(), Map.of()), operations(plans));
    }
}
