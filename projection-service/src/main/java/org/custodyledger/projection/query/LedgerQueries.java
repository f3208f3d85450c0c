package org.custodyledger.projection.query;

import org.custodyledger.projection.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.OperationPlanned;
import org.custodyledger.events.TransferInitiated;
import org.custodyledger.ledger.Anomaly;
import org.custodyledger.ledger.ClaimChecks;
import org.custodyledger.ledger.CustodyTotal;
import org.custodyledger.ledger.FacilityView;
import org.custodyledger.ledger.LedgerFacts;
import org.custodyledger.ledger.LedgerFold;
import org.custodyledger.ledger.LedgerSnapshot;
import org.custodyledger.ledger.OperationFigures;
import org.custodyledger.ledger.OperationView;
import org.custodyledger.ledger.ResolvedTransfer;
import org.custodyledger.ledger.StatementView;
import org.custodyledger.ledger.TransferView;

/**
 * The read models at one instant, by indexed queries over the ledger tables: the same rules as
 * {@link LedgerFold} (a test holds them equal on generated logs), without replaying the log.
 */
public final class LedgerQueries implements LedgerFacts {
    private final Connection c;
    private final Instant t;

    public LedgerQueries(Connection c, Instant t) {
        this.c = c;
        this.t = t;
    }

    public record Registration(UUID eventId, String facilityId, Instant occurredAt, String country, Integer capacity) {
    }

    static final String FIRST_REGISTRATIONS = "SELECT DISTINCT ON (facility_id) * FROM facility_registration x "
            + "WHERE x.occurred_at <= ? AND" + Sql.notRetracted("x");

    public Optional<Registration> registration(String facilityId) throws SQLException {
        return Sql.list(c, FIRST_REGISTRATIONS + " AND facility_id = ? ORDER BY facility_id, occurred_at, event_id",
                r -> new Registration(r.getObject("event_id", UUID.class), r.getString("facility_id"), Sql.instant(r, "occurred_at"),
                        r.getString("country"), Sql.integer(r, "capacity")), t, facilityId).stream().findFirst();
    }

    /** Facilities registered by t (all of them when {@code ids} is null), sorted by id. */
    public List<FacilityView> facilities(List<String> ids) throws SQLException {
        String after = "(x.occurred_at, x.event_id) > (reg.occurred_at, reg.event_id) AND x.occurred_at <= ? AND" + Sql.notRetracted("x");
        String sql = "WITH reg AS (" + FIRST_REGISTRATIONS + (ids == null ? "" : " AND facility_id = ANY (?)")
                + " ORDER BY facility_id, occurred_at, event_id) "
                + "SELECT reg.facility_id, reg.name, reg.country, reg.capacity, COALESCE(cc.custodian, reg.custodian) AS custodian, "
                // Daily sums between two partial days (facility_day), not every entry since the census or registration.
                + "  cen.population + entry_sum(reg.facility_id, cen.occurred_at, cen.event_id, ?, true) AS population, "
                + "  entry_sum(reg.facility_id, reg.occurred_at, reg.event_id, ?, true) AS net_change, loc.latitude, loc.longitude "
                + "FROM reg "
                + "LEFT JOIN LATERAL (SELECT x.latitude, x.longitude FROM facility_location x WHERE x.facility_id = reg.facility_id AND "
                + after + " ORDER BY x.occurred_at DESC, x.event_id DESC LIMIT 1) loc ON true "
                + "LEFT JOIN LATERAL (SELECT x.custodian FROM custodian_change x WHERE x.facility_id = reg.facility_id AND "
                + after + " ORDER BY x.occurred_at DESC, x.event_id DESC LIMIT 1) cc ON true "
                + "LEFT JOIN LATERAL (SELECT x.occurred_at, x.event_id, x.population FROM census x WHERE x.facility_id = reg.facility_id AND "
                + after + " ORDER BY x.occurred_at DESC, x.event_id DESC LIMIT 1) cen ON true "
                + "ORDER BY reg.facility_id";
        List<Object> parameters = new ArrayList<>(List.of(t));
        if (ids != null) {
            parameters.add(ids);
        }
        parameters.addAll(List.of(t, t, t, t, t));
        return Sql.list(c, sql, r -> {
            long population = r.getLong("population");
            Long known = r.wasNull() ? null : population;
            return new FacilityView(r.getString("facility_id"), r.getString("name"), r.getString("country"), r.getString("custodian"),
                    Sql.integer(r, "capacity"), known, r.getLong("net_change"), r.getObject("latitude") == null ? null
                    : new FacilityView.Location(r.getDouble("latitude"), r.getDouble("longitude")));
        }, parameters.toArray());
    }

    /** Transfers initiated by t, as they stand at t, sorted by id. */
    public List<TransferView> transfers(String operationId, boolean inTransitOnly) throws SQLException {
        String sql = "SELECT * FROM transfer WHERE initiated_at <= ?"
                + (operationId == null ? "" : " AND operation_id = ?")
                + (inTransitOnly ? " AND (finished_at IS NULL OR finished_at > ?)" : "") + " ORDER BY transfer_id";
        List<Object> parameters = new ArrayList<>(List.of(t));
        if (operationId != null) {
            parameters.add(operationId);
        }
        if (inTransitOnly) {
            parameters.add(t);
        }
        return Sql.list(c, sql, r -> resolvedTransfer(r).viewAt(t), parameters.toArray());
    }

    /**
     * A page of the transfers initiated by t, as they stand at t, by id (Java's order of text, as
     * the fold sorts them), filtered by operation, facility (either end) and status at t.
     */
    public List<TransferView> transfers(String operationId, String facilityId, String status, String afterId, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM transfer WHERE initiated_at <= ?");
        List<Object> parameters = new ArrayList<>(List.of(t));
        if (operationId != null) {
            sql.append(" AND operation_id = ?");
            parameters.add(operationId);
        }
        if (facilityId != null) {
            sql.append(" AND (from_facility_id = ? OR to_facility_id = ?)");
            parameters.addAll(List.of(facilityId, facilityId));
        }
        if (status != null) {
            // ResolvedTransfer.statusAt, in SQL; PagingIT holds the pages equal to the fold's transfers of each status.
            sql.append(" AND (CASE WHEN finished_at IS NOT NULL AND finished_at <= ? THEN outcome ELSE '" + TransferView.IN_TRANSIT + "' END) = ?");
            parameters.addAll(List.of(t, status));
        }
        if (afterId != null) {
            sql.append(" AND transfer_id COLLATE \"C\" > ?");
            parameters.add(afterId);
        }
        sql.append(" ORDER BY transfer_id COLLATE \"C\" LIMIT ?");
        parameters.add(limit);
        return Sql.list(c, sql.toString(), r -> resolvedTransfer(r).viewAt(t), parameters.toArray());
    }

    /** A row of {@code transfer}, as the resolution it was written from. */
    public static ResolvedTransfer resolvedTransfer(java.sql.ResultSet r) throws SQLException {
        return new ResolvedTransfer(
                new TransferInitiated(r.getString("transfer_id"), r.getString("operation_id"), r.getString("from_facility_id"),
                        r.getString("to_facility_id"), r.getInt("count"), null),
                r.getObject("initiated_event_id", UUID.class), Sql.instant(r, "initiated_at"), r.getString("outcome"),
                r.getObject("finished_event_id", UUID.class), Sql.instant(r, "finished_at"), Sql.integer(r, "received_count"),
                r.getString("initiated_by"), r.getString("finished_by"), null);
    }

    /** Operations planned by t (one, or all when {@code operationId} is null), by id. */
    public Map<String, OperationPlanned> plans(String operationId) throws SQLException {
        String sql = "SELECT DISTINCT ON (operation_id) * FROM operation_plan x WHERE x.occurred_at <= ? AND"
                + Sql.notRetracted("x") + (operationId == null ? "" : " AND operation_id = ?") + " ORDER BY operation_id, occurred_at, event_id";
        Map<String, OperationPlanned> plans = new java.util.TreeMap<>();
        for (OperationPlanned p : Sql.list(c, sql, r -> new OperationPlanned(r.getString("operation_id"), r.getString("name"),
                r.getString("lead"), Sql.integer(r, "planned_max"), r.getString("from_country"), r.getString("to_country")),
                operationId == null ? new Object[] {t} : new Object[] {t, operationId})) {
            plans.put(p.operationId(), p);
        }
        return plans;
    }

    public Optional<OperationView> operation(String operationId) throws SQLException {
        OperationPlanned plan = plans(operationId).get(operationId);
        return plan == null ? Optional.empty() : Optional.of(view(plan, DailySums.operationFigures(c, t, operationId)));
    }

    public List<OperationView> operations() throws SQLException {
        Map<String, DailySums.Figures> figures = DailySums.operationFigures(c, t, null);
        List<OperationView> views = new ArrayList<>();
        for (OperationPlanned plan : plans(null).values()) {
            views.add(view(plan, figures));
        }
        return views;
    }

    private static OperationView view(OperationPlanned p, Map<String, DailySums.Figures> figures) {
        DailySums.Figures f = figures.get(p.operationId());
        return f == null ? OperationFigures.of(p, List.of()) : new OperationView(p.operationId(), p.name(), p.lead(), p.plannedMax(),
                p.fromCountry(), p.toCountry(), f.initiated(), f.received(), f.inTransit(), f.cancelled(), f.lost(), f.transfers(),
                f.firstActivity(), f.lastActivity());
    }

    /** Totals at t: by custodian (in-transit people under their holder), by country, and in transit. */
    public record CustodyTotals(Map<String, CustodyTotal> byCustodian, Map<String, CustodyTotal> byCountry, long inTransit) {
    }

    /** Who holds the people of each in-transit transfer: the operation's lead, else the origin's custodian. */
    public CustodyTotals custody(List<FacilityView> facilities) throws SQLException {
        List<TransferView> inTransit = transfers(null, true);
        Map<String, OperationPlanned> plans = plans(null);
        Map<String, String> custodians = facilities.stream().collect(Collectors.toMap(FacilityView::facilityId, FacilityView::custodian));
        return new CustodyTotals(org.custodyledger.ledger.CustodyTotals.byCustodian(facilities, inTransit,
                v -> org.custodyledger.ledger.CustodyTotals.holderInTransit(v, id -> plans.containsKey(id) ? plans.get(id).lead() : null,
                        custodians::get)), org.custodyledger.ledger.CustodyTotals.byCountry(facilities),
                inTransit.stream().mapToLong(TransferView::count).sum());
    }

    public List<StatementView> statements() throws SQLException {
        return statements(null, Integer.MAX_VALUE);
    }

    /** A page of the statements recorded by t, in event-time order, after the one at {@code after} (occurredAt, eventId). */
    public List<StatementView> statements(List<String> after, int limit) throws SQLException {
        List<Object> parameters = new ArrayList<>(List.of(t));
        String bound = "";
        if (after != null) {
            bound = " AND (x.occurred_at, x.event_id) > (?, ?::uuid)";
            parameters.addAll(List.of(Instant.parse(after.get(0)), after.get(1)));
        }
        parameters.add(limit);
        List<Envelope> envelopes = Sql.list(c, "SELECT a.envelope::text FROM statement x JOIN applied_event a "
                + "ON a.event_id = x.event_id WHERE x.occurred_at <= ? AND" + Sql.notRetracted("x") + bound
                + " ORDER BY x.occurred_at, x.event_id LIMIT ?", r -> org.custodyledger.events.EventReader.readStored(r.getString(1)),
                parameters.toArray());
        Map<Instant, LedgerFacts> factsAt = new HashMap<>();
        List<StatementView> views = new ArrayList<>();
        for (Envelope e : envelopes) {
            views.add(ClaimChecks.view(e, asOf -> factsAt.computeIfAbsent(asOf, this::at)));
        }
        return views;
    }

    /**
     * {@link LedgerFold#ANOMALY_ORDER} in SQL (text compared as Java compares it), then the subject:
     * the order of anomaly pages and of the digest. ProjectionMatchesFoldIT holds the digest, and
     * with it this order, equal to the fold's.
     */
    static final String ANOMALY_ORDER = "occurred_at, event_id::text COLLATE \"C\", kind COLLATE \"C\", "
            + "detail COLLATE \"C\", subject COLLATE \"C\"";

    /** All anomalies up to t: kept up to date by the projection in derived_anomaly, so this reads an index. */
    public List<Anomaly> anomalies() throws SQLException {
        return anomalies(null, null, null, Integer.MAX_VALUE);
    }

    /** A page of the anomalies up to t, of one kind (or all) and from an instant on (or all), after the one with key {@code after}. */
    public List<Anomaly> anomalies(Anomaly.Kind kind, Instant since, List<String> after, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM derived_anomaly WHERE occurred_at <= ?");
        List<Object> parameters = new ArrayList<>(List.of(t));
        if (kind != null) {
            sql.append(" AND kind = ?");
            parameters.add(kind.name());
        }
        if (since != null) {
            sql.append(" AND occurred_at >= ?");
            parameters.add(since);
        }
        if (after != null) {
            Instant at = Instant.parse(after.get(0));
            sql.append(" AND occurred_at >= ? AND (").append(ANOMALY_ORDER).append(") > (?, ?, ?, ?, ?)");
            parameters.addAll(List.of(at, at, after.get(1), after.get(2), after.get(3), after.get(4)));
        }
        sql.append(" ORDER BY ").append(ANOMALY_ORDER).append(" LIMIT ?");
        parameters.add(limit);
        return Sql.list(c, sql.toString(), LedgerQueries::anomaly, parameters.toArray());
    }

    /** An anomaly's place in {@link #ANOMALY_ORDER}, as a page cursor. */
    public static List<String> key(Anomaly a) {
        return List.of(a.occurredAt().toString(), a.eventId().toString(), a.kind().name(), a.detail(), a.subject());
    }

    static Anomaly anomaly(java.sql.ResultSet r) throws SQLException {
        return anomaly(r.getString("kind"), r.getObject("event_id", UUID.class), Sql.instant(r, "occurred_at"), r.getString("subject"),
                r.getString("detail"));
    }

    /** The digest of every read model at t, streamed; see {@link StreamedDigest}. */
    public String digest() throws SQLException {
        return digest(DigestPace.FLAT_OUT);
    }

    /** As {@link #digest()}, sharing the machine as {@code pace} says (the same value however paced). */
    public String digest(DigestPace pace) throws SQLException {
        return new StreamedDigest(this, c, t, pace).compute();
    }

    private static Anomaly anomaly(String kind, UUID eventId, Instant at, String subject, String detail) {
        return new Anomaly(Anomaly.Kind.valueOf(kind), eventId, at, subject, detail);
    }

    /** Every read model at t, as the fold would give it. */
    public LedgerSnapshot snapshot() throws SQLException {
        List<FacilityView> facilities = facilities(null);
        CustodyTotals custody = custody(facilities);
        Map<String, FacilityView> facilityMap = new java.util.TreeMap<>();
        facilities.forEach(f -> facilityMap.put(f.facilityId(), f));
        Map<String, OperationView> operations = new java.util.TreeMap<>();
        operations().forEach(o -> operations.put(o.operationId(), o));
        Map<String, TransferView> transfers = new java.util.TreeMap<>();
        transfers(null, false).forEach(v -> transfers.put(v.transferId(), v));
        return new LedgerSnapshot(t, facilityMap, operations, transfers, statements(),
                custody.byCustodian(), custody.byCountry(), custody.inTransit(), anomalies(),
                new BreakdownQueries(c, t).snapshot(facilities, plans(null), transfers(null, true)));
    }

    // ---- LedgerFacts, for claim checks --------------------------------------------------------

    @Override
    public boolean operationPlanned(String operationId) {
        return unchecked(() -> !plans(operationId).isEmpty());
    }

    @Override
    public boolean facilityRegistered(String facilityId) {
        return unchecked(() -> registration(facilityId).isPresent());
    }

    @Override
    public List<String> facilitiesIn(String country) {
        return unchecked(() -> Sql.list(c, "SELECT facility_id FROM (" + FIRST_REGISTRATIONS + " ORDER BY facility_id, occurred_at, event_id) f "
                + "WHERE country = ? ORDER BY facility_id", r -> r.getString(1), t, country));
    }

    @Override
    public long receivedInOperation(String operationId) {
        // From the daily sums: a claim costs the operation's days, not a scan of its transfers.
        return unchecked(() -> {
            DailySums.Figures figures = DailySums.operationFigures(c, t, operationId).get(operationId);
            return figures == null ? 0 : figures.received();
        });
    }

    @Override
    public long receivedAt(List<String> facilityIds) {
        return unchecked(() -> Sql.list(c, "SELECT COALESCE(SUM(received_count), 0) FROM transfer WHERE to_facility_id = ANY (?) "
                // initiated_at <= t is implied (a transfer finishes after it starts) and bounds the index range.
                + "AND initiated_at <= ? AND outcome = 'COMPLETED' AND finished_at <= ?", r -> r.getLong(1), facilityIds, t, t).get(0));
    }

    @Override
    public Optional<String> breakdownsMissing() {
        return unchecked(() -> new BreakdownQueries(c, t).gap().map(reason -> "breakdowns are incomplete in this database: " + reason));
    }

    @Override
    public Map<org.custodyledger.ledger.Breakdowns.Line, Long> receivedLinesInOperation(String operationId) {
        return unchecked(() -> new BreakdownQueries(c, t).received(operationId, null));
    }

    @Override
    public Map<org.custodyledger.ledger.Breakdowns.Line, Long> receivedLinesAt(List<String> facilityIds) {
        return unchecked(() -> new BreakdownQueries(c, t).received(null, facilityIds));
    }

    @Override
    public Optional<Map<org.custodyledger.ledger.Breakdowns.Line, Long>> populationLines(String facilityId) {
        return unchecked(() -> new BreakdownQueries(c, t).facilities(List.of(facilityId)).get(facilityId).populations());
    }

    @Override
    public Optional<Long> population(String facilityId) {
        return unchecked(() -> facilities(List.of(facilityId)).stream().findFirst().map(FacilityView::population));
    }

    @Override
    public LedgerFacts at(Instant instant) {
        return new LedgerQueries(c, instant);
    }

    private interface Query<T> {
        T run() throws SQLException;
    }

    private static <T> T unchecked(Query<T> query) {
        try {
            return query.run();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

}
