package org.custodyledger.projection.write;

import org.custodyledger.projection.CopyRows;
import org.custodyledger.projection.Sql;
import org.custodyledger.projection.query.LedgerQueries;
import org.custodyledger.projection.query.ReadModels;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.custodyledger.events.CensusRecorded;
import org.custodyledger.events.CustodianChanged;
import org.custodyledger.events.CustodyEvent;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventReader;
import org.custodyledger.events.EventRetracted;
import org.custodyledger.events.FacilityRegistered;
import org.custodyledger.events.OperationPlanned;
import org.custodyledger.events.StatementRecorded;
import org.custodyledger.events.TransferCancelled;
import org.custodyledger.events.TransferCompleted;
import org.custodyledger.events.TransferInitiated;
import org.custodyledger.ledger.Anomaly;
import org.custodyledger.ledger.PopulationCheck;
import org.custodyledger.ledger.ResolvedTransfer;
import org.custodyledger.ledger.TransferLifecycle;
import org.custodyledger.ledger.TransferView;

/**
 * Writes newly applied events as ledger facts and resolves the transfers they touch (set-based: a
 * few statements per unit whatever its size). What depends on a facility's or an operation's
 * history beyond the unit (population anomalies, current figures, reference anomalies) is derived by
 * {@link #derive()}, or, while the projection catches up with a long log, {@link #defer() deferred}:
 * remembered in {@code pending_derivation} in the same transaction and derived once for many units.
 */
final class LedgerWriter {
    private final Connection c;
    private final int historyPage;
    private final Set<String> transfers = new HashSet<>();
    private final Set<String> facilities = new HashSet<>();
    private final Set<String> operations = new HashSet<>();
    private final Set<UUID> retractions = new HashSet<>();
    /**
     * Facilities whose population changed, and from which instant on ({@link #WHOLE_HISTORY} when
     * a registration, or the retraction of one, moves where the history starts): only from there are their
     * population anomalies re-derived.
     */
    private final java.util.Map<String, Instant> populationSince = new java.util.HashMap<>();
    private static final Instant WHOLE_HISTORY = Instant.MIN;
    /** The UTC days of each operation whose transfers changed: only those operation_day rows are rebuilt. */
    private final ChangedDays operationDays = new ChangedDays();
    /**
     * What this unit's entries add to each facility's UTC days: applied to facility_day as deltas
     * when it derives; its days kept pending when derivation is deferred.
     */
    private final java.util.Map<String, java.util.Map<java.time.LocalDate, Long>> dayDeltas = new java.util.HashMap<>();
    private boolean statements;
    private int transfersResolved;
    /** This unit's events by id, so resolving a transfer does not read them back from the database. */
    private final java.util.Map<UUID, Envelope> written = new java.util.HashMap<>();

    LedgerWriter(Connection c, int historyPage) {
        this.c = c;
        this.historyPage = historyPage;
    }

    /** Facts, retraction targets and transfer resolutions of newly applied events. */
    void write(Collection<Envelope> events) throws SQLException {
        List<UUID> targets = new ArrayList<>();
        for (Envelope e : events) {
            written.put(e.eventId(), e);
            insertFact(e);
            if (e.data() instanceof EventRetracted r) {
                targets.add(r.targetEventId());
                retractions.add(e.eventId());
            }
        }
        flush();
        if (!targets.isEmpty()) {
            touchTargetsOf(targets);
        }
        if (!events.isEmpty()) {
            // A retraction that arrived before its target: the target's arrival changes its anomaly.
            retractions.addAll(Sql.list(c, "SELECT event_id FROM retraction WHERE target_event_id = ANY (?)",
                    r -> r.getObject(1, UUID.class), events.stream().map(Envelope::eventId).toList()));
        }
        resolveTransfers();
        flush();
    }

    /** Re-derives what the written events (and any earlier deferred units) touched. */
    void derive() throws SQLException {
        record Pending(String kind, String id, Instant since) {
        }
        ChangedDays deferredFacilityDays = new ChangedDays();
        for (Pending row : Sql.list(c, "DELETE FROM pending_derivation RETURNING kind, id, since",
                r -> new Pending(r.getString(1), r.getString(2), Sql.instant(r, "since")))) {
            String id = row.id();
            switch (PendingKind.of(row.kind())) {
                case FACILITY -> facilities.add(id);
                case POPULATION -> populationChanged(id, row.since() == null ? WHOLE_HISTORY : row.since());
                case OPERATION -> operations.add(id);
                case OPERATION_DAYS -> operationDays.addPending(id);
                case FACILITY_DAYS -> deferredFacilityDays.addPending(id);
                case RETRACTION -> retractions.add(UUID.fromString(id));
                case STATEMENTS -> statements = true;
            }
        }
        operations.addAll(operationDays.ids());
        // Before anything sums a facility's entries (its population check and view, claims).
        updateFacilityDays(deferredFacilityDays);
        facilities.addAll(populationSince.keySet());
        for (String facilityId : facilities) {
            refreshFacility(facilityId);
        }
        for (String operationId : operations) {
            refreshOperation(operationId);
        }
        refreshRetractions();
        flush();
    }

    /** Remembers what needs deriving, in the unit's transaction, so a crash before deriving loses nothing. */
    void defer() throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO pending_derivation VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            pending(insert, PendingKind.FACILITY, facilities);
            pending(insert, PendingKind.OPERATION, operations);
            pending(insert, PendingKind.RETRACTION, retractions.stream().map(UUID::toString).toList());
            pending(insert, PendingKind.STATEMENTS, statements ? List.of("") : List.of());
            pending(insert, PendingKind.OPERATION_DAYS, operationDays.pendingIds());
            ChangedDays facilityDays = new ChangedDays();
            dayDeltas.forEach((facilityId, byDay) -> byDay.keySet().forEach(day -> facilityDays.add(facilityId, day)));
            pending(insert, PendingKind.FACILITY_DAYS, facilityDays.pendingIds());
            insert.executeBatch();
        }
        // The earliest instant wins; NULL (the whole history) wins over any instant.
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO pending_derivation VALUES ('" + PendingKind.POPULATION.stored + "', ?, ?) "
                + "ON CONFLICT (kind, id) DO UPDATE SET since = CASE WHEN pending_derivation.since IS NULL OR excluded.since IS NULL "
                + "THEN NULL ELSE LEAST(pending_derivation.since, excluded.since) END")) {
            for (var change : populationSince.entrySet()) {
                insert.setString(1, change.getKey());
                insert.setTimestamp(2, change.getValue().equals(WHOLE_HISTORY) ? null : java.sql.Timestamp.from(change.getValue()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** A transfer of the operation (if any) started and maybe finished at these instants, before or after this unit. */
    private void operationChanged(String operationId, Instant initiatedAt, Instant finishedAt) {
        if (operationId == null) {
            return;
        }
        operations.add(operationId);
        operationDays.add(operationId, initiatedAt);
        if (finishedAt != null) {
            operationDays.add(operationId, finishedAt);
        }
    }

    /** An entry written (+1) or deleted (-1): the facility's population from its instant on, and its day's sum. */
    private void entryChanged(Entry entry, int sign) {
        populationChanged(entry.facilityId(), entry.at());
        dayDeltas.computeIfAbsent(entry.facilityId(), k -> new java.util.HashMap<>())
                .merge(java.time.LocalDate.ofInstant(entry.at(), java.time.ZoneOffset.UTC), (long) sign * entry.delta(), Long::sum);
    }

    /**
     * Brings facility_day up to date: days that deferred units changed are rebuilt from the entries
     * (which include this unit's); this unit's other days get its entries' net deltas, so a live
     * unit costs what it changed, even when it is spread over many days (a back-dated batch).
     */
    private void updateFacilityDays(ChangedDays deferred) throws SQLException {
        for (String facilityId : deferred.ids()) {
            LedgerQueries.rebuildFacilityDays(c, facilityId, deferred.of(facilityId));
        }
        List<String> ids = new ArrayList<>();
        List<String> days = new ArrayList<>();
        List<String> deltas = new ArrayList<>();
        dayDeltas.forEach((facilityId, byDay) -> {
            Set<java.time.LocalDate> rebuilt = deferred.of(facilityId); // null: all of them
            byDay.forEach((day, delta) -> {
                if (rebuilt != null && !rebuilt.contains(day)) {
                    ids.add(facilityId);
                    days.add(day.toString());
                    deltas.add(delta.toString());
                }
            });
        });
        if (!ids.isEmpty()) {
            Sql.update(c, "INSERT INTO facility_day SELECT * FROM unnest(?::text[], ?::text[]::date[], ?::text[]::bigint[]) "
                    + "ON CONFLICT (facility_id, day) DO UPDATE SET delta = facility_day.delta + excluded.delta", ids, days, deltas);
        }
    }

    private void populationChanged(String facilityId, Instant at) {
        populationSince.merge(facilityId, at, (a, b) -> a.isBefore(b) ? a : b);
    }

    private static void pending(PreparedStatement insert, PendingKind kind, Collection<String> ids) throws SQLException {
        for (String id : ids) {
            insert.setString(1, kind.stored);
            insert.setString(2, id);
            insert.addBatch();
        }
    }

    private void refreshOperation(String operationId) throws SQLException {
        String owner = "operation/" + operationId;
        Sql.update(c, "DELETE FROM derived_anomaly WHERE owner = ?", owner);
        Sql.update(c, "DELETE FROM operation_current WHERE operation_id = ?", operationId);
        insertAnomalies(owner, Sql.list(c, "SELECT event_id, occurred_at FROM (SELECT x.*, row_number() OVER (ORDER BY occurred_at, event_id) AS n "
                + "FROM operation_plan x WHERE operation_id = ? AND" + Sql.notRetracted("x") + ") d WHERE n > 1",
                r -> anomaly(Anomaly.Kind.DUPLICATE_REGISTRATION, r, owner, "operation " + operationId + " is already planned; ignored"), operationId));
        Optional<Sql.EventRef> plan = Sql.list(c, "SELECT occurred_at, event_id FROM operation_plan x WHERE operation_id = ? AND"
                + Sql.notRetracted("x") + " ORDER BY occurred_at, event_id LIMIT 1", Sql.EventRef::of, operationId).stream().findFirst();
        insertAnomalies(owner, Sql.list(c, "SELECT initiated_event_id, initiated_at, transfer_id FROM transfer WHERE operation_id = ?"
                + startedBefore(plan), r -> anomaly(Anomaly.Kind.UNKNOWN_OPERATION, r, "transfer/" + r.getString(3),
                "operation " + operationId + " is not planned by then"), withBound(operationId, plan)));
        // Before the view, which sums them.
        LedgerQueries.rebuildOperationDays(c, operationId, operationDays.of(operationId));
        var view = new LedgerQueries(c, ReadModels.CURRENT).operation(operationId);
        if (view.isPresent()) {
            Sql.update(c, "INSERT INTO operation_current (operation_id, view) VALUES (?, ?::jsonb)", operationId, ReadModels.json(view.get()));
        }
    }

    /**
     * Transfers initiated before the first (unretracted) plan or registration: an index range on
     * the transfers of that operation or facility, not a scan of all of them; with none, all are.
     */
    private static String startedBefore(Optional<Sql.EventRef> first) {
        return first.isEmpty() ? "" : " AND initiated_at <= ? AND (initiated_at, initiated_event_id) < (?, ?)";
    }

    private static Object[] withBound(String id, Optional<Sql.EventRef> first) {
        return first.map(f -> new Object[] {id, f.at(), f.at(), f.eventId()}).orElse(new Object[] {id});
    }

    private void refreshRetractions() throws SQLException {
        if (retractions.isEmpty()) {
            return;
        }
        Sql.update(c, "DELETE FROM derived_anomaly WHERE owner = ANY (?)", retractions.stream().map(r -> "retraction/" + r).toList());
        List<Anomaly> anomalies = Sql.list(c, "SELECT x.event_id, x.occurred_at, x.target_event_id, "
                + "EXISTS (SELECT 1 FROM retraction y WHERE y.event_id = x.target_event_id) AS of_retraction, "
                + "EXISTS (SELECT 1 FROM applied_event a WHERE a.event_id = x.target_event_id) AS known "
                + "FROM retraction x WHERE x.event_id = ANY (?)", r -> r.getBoolean(4)
                ? anomaly(Anomaly.Kind.RETRACTION_OF_RETRACTION, r, "event/" + r.getString(3), "a retraction cannot be retracted; it stands")
                : r.getBoolean(5) ? null
                : anomaly(Anomaly.Kind.UNKNOWN_RETRACTION_TARGET, r, "event/" + r.getString(3), "retracts " + r.getString(3) + ", which is not in the log"),
                retractions);
        for (Anomaly a : anomalies) {
            if (a != null) {
                insertAnomalies("retraction/" + a.eventId(), List.of(a)); // the anomaly's event is the retraction itself
            }
        }
    }

    private static Anomaly anomaly(Anomaly.Kind kind, java.sql.ResultSet row, String subject, String detail) throws SQLException {
        return new Anomaly(kind, row.getObject(1, UUID.class), row.getTimestamp(2).toInstant(), subject, detail);
    }

    /** What this unit changed, for the dashboards' change notices. */
    Changes changes() {
        return new Changes(facilities, operations, transfersResolved, statements || !retractions.isEmpty());
    }

    private void insertFact(Envelope e) throws SQLException {
        CustodyEvent data = e.data();
        UUID id = e.eventId();
        if (data instanceof FacilityRegistered f) {
            insert("facility_registration", id, f.facilityId(), e.occurredAt(), f.name(), f.country(), f.custodian(), f.capacity());
            facilities.add(f.facilityId());
            populationChanged(f.facilityId(), WHOLE_HISTORY); // where the history starts may move
        } else if (data instanceof CustodianChanged f) {
            insert("custodian_change", id, f.facilityId(), e.occurredAt(), f.custodian());
            facilities.add(f.facilityId());
        } else if (data instanceof CensusRecorded f) {
            insert("census", id, f.facilityId(), e.occurredAt(), f.population());
            facilities.add(f.facilityId());
            populationChanged(f.facilityId(), e.occurredAt());
        } else if (data instanceof OperationPlanned o) {
            insert("operation_plan", id, o.operationId(),
                    e.occurredAt(), o.name(), o.lead(), o.plannedMax(), o.fromCountry(), o.toCountry());
            operations.add(o.operationId());
        } else if (TransferLifecycle.transferIdOf(data) != null) {
            transfers.add(TransferLifecycle.transferIdOf(data)); // the event itself is in applied_event, under its transfer_id
        } else if (data instanceof StatementRecorded s) {
            insert("statement", id, s.statementId(), e.occurredAt());
            statements = true;
        } else if (data instanceof EventRetracted r) {
            insert("retraction", id, r.targetEventId(), e.occurredAt());
        } else {
            throw new IllegalStateException("event type not projected: " + data.getClass());
        }
    }

    /** Every insert of a unit goes through COPY, one buffer per table, sent when full and at {@link #flush()}. */
    private final java.util.Map<String, CopyRows> copies = new java.util.LinkedHashMap<>();

    private void insert(String table, Object... values) throws SQLException {
        copies.computeIfAbsent(table, CopyRows::new).add(c, values);
    }

    private void flush() throws SQLException {
        for (CopyRows rows : copies.values()) {
            rows.send(c);
        }
    }

    /** A retraction changes whatever its target fed; a target that arrives later finds the retraction instead. */
    private void touchTargetsOf(List<UUID> targets) throws SQLException {
        transfers.addAll(Sql.list(c, "SELECT transfer_id FROM applied_event WHERE event_id = ANY (?) AND transfer_id IS NOT NULL", r -> r.getString(1), targets));
        // A retracted registration moves where the history starts: all of it is re-checked. A
        // retracted census changes the population from its instant on; a custodian change, none.
        record Fact(String facilityId, Instant populationFrom) {
        }
        for (Fact fact : Sql.list(c, "SELECT facility_id, NULL::timestamptz AS since FROM facility_registration WHERE event_id = ANY (?) "
                + "UNION ALL SELECT facility_id, occurred_at FROM census WHERE event_id = ANY (?)",
                r -> new Fact(r.getString(1), Sql.instant(r, "since")), targets, targets)) {
            facilities.add(fact.facilityId());
            populationChanged(fact.facilityId(), fact.populationFrom() == null ? WHOLE_HISTORY : fact.populationFrom());
        }
        facilities.addAll(Sql.list(c, "SELECT facility_id FROM custodian_change WHERE event_id = ANY (?)", r -> r.getString(1), targets));
        operations.addAll(Sql.list(c, "SELECT operation_id FROM operation_plan WHERE event_id = ANY (?)", r -> r.getString(1), targets));
    }

    /**
     * Resolves every touched transfer from all its (unretracted) events by the same pure
     * {@link TransferLifecycle} as the fold: a few statements for the whole set. Events of this unit
     * are taken from memory; only older ones are read back from {@code applied_event}.
     */
    private void resolveTransfers() throws SQLException {
        if (transfers.isEmpty()) {
            return;
        }
        record TransferEvent(String transferId, UUID eventId, boolean retracted) {
        }
        List<TransferEvent> rows = Sql.list(c, "SELECT t.transfer_id, t.event_id, "
                + "EXISTS (SELECT 1 FROM retraction r WHERE r.target_event_id = t.event_id) FROM applied_event t "
                + "WHERE t.transfer_id = ANY (?)", r -> new TransferEvent(r.getString(1), r.getObject(2, UUID.class), r.getBoolean(3)), transfers);
        // Only a transfer with events from earlier units can have rows to replace; while catching
        // up, most have all their events in this unit, and skip the reads and deletes below.
        Set<String> known = new HashSet<>();
        List<UUID> older = new ArrayList<>();
        for (TransferEvent row : rows) {
            if (!written.containsKey(row.eventId())) {
                known.add(row.transferId());
                if (!row.retracted()) {
                    older.add(row.eventId());
                }
            }
        }
        java.util.Map<UUID, Envelope> earlier = new java.util.HashMap<>();
        if (!older.isEmpty()) {
            for (Envelope e : Sql.list(c, "SELECT envelope::text FROM applied_event WHERE event_id = ANY (?)", r -> EventReader.readStored(r.getString(1)), older)) {
                earlier.put(e.eventId(), e);
            }
        }
        java.util.Map<String, List<Envelope>> events = new java.util.HashMap<>();
        for (TransferEvent row : rows) {
            if (!row.retracted()) {
                Envelope e = written.containsKey(row.eventId()) ? written.get(row.eventId()) : earlier.get(row.eventId());
                events.computeIfAbsent(row.transferId(), k -> new ArrayList<>()).add(e);
            }
        }
        if (!known.isEmpty()) {
            // Facilities and the operation a transfer named before, and those it names now, both change.
            List<String> entryFacilities = new ArrayList<>();
            List<Instant> entryInstants = new ArrayList<>();
            List<UUID> entryEvents = new ArrayList<>();
            for (ResolvedTransfer before : Sql.list(c, "DELETE FROM transfer WHERE transfer_id = ANY (?) RETURNING *",
                    LedgerQueries::resolvedTransfer, known)) {
                TransferInitiated i = before.initiated();
                facilities.add(i.fromFacilityId());
                facilities.add(i.toFacilityId());
                operationChanged(i.operationId(), before.initiatedAt(), before.finishedAt());
                for (Entry entry : entries(before)) {
                    entryFacilities.add(entry.facilityId());
                    entryInstants.add(entry.at());
                    entryEvents.add(entry.eventId());
                    entryChanged(entry, -1);
                }
            }
            // The entries the replaced rows implied, by their keys in ledger_entry_by_facility.
            Sql.update(c, "DELETE FROM ledger_entry e USING unnest(?::text[], ?::timestamptz[], ?::uuid[]) AS k(facility_id, at, event_id) "
                    + "WHERE e.facility_id = k.facility_id AND e.occurred_at = k.at AND e.event_id = k.event_id",
                    entryFacilities, entryInstants, entryEvents);
            Sql.update(c, "DELETE FROM derived_anomaly WHERE owner = ANY (?)", known.stream().map(t -> "transfer/" + t).toList());
        }
        for (String transferId : transfers) {
            TransferLifecycle.Resolution resolution = TransferLifecycle.resolve(events.getOrDefault(transferId, List.of()));
            insertAnomalies("transfer/" + transferId, resolution.anomalies());
            ResolvedTransfer t = resolution.transfer();
            if (t == null) {
                continue;
            }
            TransferInitiated i = t.initiated();
            insert("transfer", transferId,
                    t.initiatedEventId(), i.operationId(), i.fromFacilityId(), i.toFacilityId(), i.count(), t.initiatedAt(),
                    t.outcome(), t.finishedEventId(), t.finishedAt(), t.receivedCount());
            for (Entry entry : entries(t)) {
                insert("ledger_entry", entry.eventId(), entry.facilityId(), entry.at(), entry.delta(), transferId);
                entryChanged(entry, 1);
            }
            facilities.add(i.fromFacilityId());
            facilities.add(i.toFacilityId());
            operationChanged(i.operationId(), t.initiatedAt(), t.finishedAt());
        }
        transfersResolved += transfers.size();
        transfers.clear();
    }

    /** What a transfer does to facilities: -count at initiation, +received at completion, +count at cancellation. */
    private record Entry(UUID eventId, String facilityId, Instant at, int delta) {
    }

    /** A transfer's ledger entries, all implied by its row: what is written with it and deleted when it is replaced. */
    private static List<Entry> entries(ResolvedTransfer t) {
        TransferInitiated i = t.initiated();
        List<Entry> entries = new ArrayList<>(2);
        entries.add(new Entry(t.initiatedEventId(), i.fromFacilityId(), t.initiatedAt(), -i.count()));
        if (TransferView.COMPLETED.equals(t.outcome())) {
            entries.add(new Entry(t.finishedEventId(), i.toFacilityId(), t.finishedAt(), t.receivedCount()));
        } else if (TransferView.CANCELLED.equals(t.outcome())) {
            entries.add(new Entry(t.finishedEventId(), i.fromFacilityId(), t.finishedAt(), i.count()));
        }
        return entries;
    }

    /** A facility's reference and population anomalies (the latter from where its units changed it), and its current figures. */
    private void refreshFacility(String facilityId) throws SQLException {
        String owner = "facility/" + facilityId;
        Sql.update(c, "DELETE FROM derived_anomaly WHERE owner = ?", owner);
        Sql.update(c, "DELETE FROM facility_current WHERE facility_id = ?", facilityId);
        String unknown = "facility " + facilityId + " is not registered by then";
        String registeredBefore = " NOT EXISTS (SELECT 1 FROM facility_registration f WHERE f.facility_id = ? "
                + "AND (f.occurred_at, f.event_id) < (%s) AND" + Sql.notRetracted("f") + ")";
        insertAnomalies(owner, Sql.list(c, "SELECT event_id, occurred_at FROM (SELECT x.*, row_number() OVER (ORDER BY occurred_at, event_id) AS n "
                + "FROM facility_registration x WHERE facility_id = ? AND" + Sql.notRetracted("x") + ") d WHERE n > 1",
                r -> anomaly(Anomaly.Kind.DUPLICATE_REGISTRATION, r, owner, "facility " + facilityId + " is already registered; ignored"), facilityId));
        for (String table : List.of("custodian_change", "census")) {
            insertAnomalies(owner, Sql.list(c, "SELECT event_id, occurred_at FROM " + table + " x WHERE facility_id = ? AND"
                    + Sql.notRetracted("x") + " AND" + registeredBefore.formatted("x.occurred_at, x.event_id"),
                    r -> anomaly(Anomaly.Kind.UNKNOWN_FACILITY, r, owner, unknown), facilityId, facilityId));
        }
        LedgerQueries queries = new LedgerQueries(c, ReadModels.CURRENT);
        var registration = queries.registration(facilityId);
        Optional<Sql.EventRef> first = registration.map(r -> new Sql.EventRef(r.occurredAt(), r.eventId()));
        for (String column : List.of("from_facility_id", "to_facility_id")) {
            insertAnomalies(owner, Sql.list(c, "SELECT initiated_event_id, initiated_at, transfer_id FROM transfer WHERE " + column + " = ?"
                    + startedBefore(first), r -> anomaly(Anomaly.Kind.UNKNOWN_FACILITY, r, "transfer/" + r.getString(3), unknown),
                    withBound(facilityId, first)));
        }
        if (registration.isEmpty()) {
            Sql.update(c, "DELETE FROM derived_anomaly WHERE owner = ?", "population/" + facilityId); // no history to check
            return;
        }
        LedgerQueries.Registration reg = registration.get();
        Instant since = populationSince.get(facilityId);
        if (since != null) {
            checkPopulation(facilityId, reg, since);
        }
        var view = queries.facilities(List.of(facilityId));
        if (!view.isEmpty()) {
            Sql.update(c, "INSERT INTO facility_current (facility_id, view) VALUES (?, ?::jsonb)",
                    facilityId, ReadModels.json(view.get(0)));
        }
    }

    /**
     * Population anomalies from the earliest instant this derivation's units changed (or over the
     * whole history after registration), starting from the population just before it: one indexed
     * sum, then the steps from there in event-time order, a page at a time, so neither time nor
     * memory grows with the facility's history when only its recent end changed.
     */
    private void checkPopulation(String facilityId, LedgerQueries.Registration reg, Instant since) throws SQLException {
        String owner = "population/" + facilityId;
        PopulationCheck.Walk walk;
        Instant at;
        UUID id;
        String after; // the first page's bound: strictly after the registration, or from `since` on
        if (!since.isAfter(reg.occurredAt())) { // WHOLE_HISTORY, or from before the registration: the whole history
            Sql.update(c, "DELETE FROM derived_anomaly WHERE owner = ?", owner);
            walk = new PopulationCheck.Walk(facilityId, reg.capacity(), null);
            at = reg.occurredAt();
            id = reg.eventId();
            after = ">";
        } else {
            Sql.update(c, "DELETE FROM derived_anomaly WHERE owner = ? AND occurred_at >= ?", owner, since);
            walk = new PopulationCheck.Walk(facilityId, reg.capacity(), populationBefore(facilityId, reg, since));
            at = since;
            id = new UUID(0, 0); // the smallest eventId: every step at `since` is included
            after = ">=";
        }
        List<Anomaly> found = new ArrayList<>();
        while (true) {
            List<PopulationCheck.Step> page = Sql.list(c, "SELECT * FROM (SELECT event_id, occurred_at, population, 0 AS delta, "
                    + "NULL AS transfer_id FROM census x WHERE facility_id = ? AND (occurred_at, event_id) > (?, ?) AND "
                    + "(occurred_at, event_id) " + after + " (?, ?) AND" + Sql.notRetracted("x")
                    + " UNION ALL SELECT event_id, occurred_at, NULL, delta, transfer_id FROM ledger_entry "
                    + "WHERE facility_id = ? AND (occurred_at, event_id) " + after + " (?, ?)) h "
                    + "ORDER BY occurred_at, event_id LIMIT " + historyPage, r -> step(r, "facility/" + facilityId),
                    facilityId, reg.occurredAt(), reg.eventId(), at, id, facilityId, at, id);
            for (PopulationCheck.Step step : page) {
                walk.step(step, found::add);
                at = step.occurredAt();
                id = step.eventId();
            }
            insertAnomalies(owner, found);
            found.clear();
            if (page.size() < historyPage) {
                return;
            }
            after = ">";
        }
    }

    /** The population just before {@code since}: the last census before it plus the entries after that census; null if none. */
    private Long populationBefore(String facilityId, LedgerQueries.Registration reg, Instant since) throws SQLException {
        List<Long> population = Sql.list(c, "SELECT x.population + entry_sum(x.facility_id, x.occurred_at, x.event_id, ?, false) "
                + "FROM census x WHERE x.facility_id = ? AND (x.occurred_at, x.event_id) > (?, ?) AND x.occurred_at < ? AND"
                + Sql.notRetracted("x") + " ORDER BY x.occurred_at DESC, x.event_id DESC LIMIT 1",
                r -> r.getLong(1), since, facilityId, reg.occurredAt(), reg.eventId(), since);
        return population.isEmpty() ? null : population.get(0);
    }

    /** A census (subject: the facility) or a ledger entry (subject: its transfer). */
    private static PopulationCheck.Step step(java.sql.ResultSet r, String facilityOwner) throws SQLException {
        String transferId = r.getString("transfer_id");
        Integer population = Sql.integer(r, "population");
        return new PopulationCheck.Step(r.getObject("event_id", UUID.class), Sql.instant(r, "occurred_at"),
                transferId == null ? facilityOwner : "transfer/" + transferId, population, r.getInt("delta"));
    }

    /** Batched with the other inserts: each owner's rows were deleted before, so order within the batch does not matter. */
    private void insertAnomalies(String owner, List<Anomaly> anomalies) throws SQLException {
        for (Anomaly a : anomalies) {
            insert("derived_anomaly", owner, a.kind().name(), a.eventId(), a.occurredAt(), a.subject(), a.detail());
        }
    }
}
