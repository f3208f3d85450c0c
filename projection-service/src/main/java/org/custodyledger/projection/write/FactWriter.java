package org.custodyledger.projection.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
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
import org.custodyledger.events.TransferInitiated;
import org.custodyledger.ledger.LedgerEntry;
import org.custodyledger.ledger.Breakdowns;
import org.custodyledger.ledger.ResolvedTransfer;
import org.custodyledger.ledger.TransferLifecycle;
import org.custodyledger.projection.CopyRows;
import org.custodyledger.projection.Sql;
import org.custodyledger.projection.derive.DerivedAnomalies;
import org.custodyledger.projection.derive.Touched;
import org.custodyledger.projection.query.LedgerQueries;

/**
 * Writes a unit's newly applied events as ledger facts (one table per kind of fact) and resolves
 * the transfers they touch, set-based: a few statements per unit whatever its size. Returns what
 * the unit {@link Touched touched}, for the derivation.
 */
final class FactWriter {
    private final Connection c;
    private final Touched.Builder touched = new Touched.Builder();
    private final Set<String> transfers = new HashSet<>();
    private final DerivedAnomalies transferAnomalies;
    /** This unit's events by id, so resolving a transfer does not read them back from the database. */
    private final java.util.Map<UUID, Envelope> written = new java.util.HashMap<>();
    /** Every insert of a unit goes through COPY, one buffer per table, sent when full and at {@link #flush()}. */
    private final java.util.Map<String, CopyRows> copies = new java.util.LinkedHashMap<>();

    FactWriter(Connection c) {
        this.c = c;
        this.transferAnomalies = new DerivedAnomalies(c);
    }

    /** Facts, retraction targets and transfer resolutions of newly applied events. */
    Touched write(Collection<Envelope> events) throws SQLException {
        List<UUID> targets = new ArrayList<>();
        for (Envelope e : events) {
            written.put(e.eventId(), e);
            insertFact(e);
            if (e.data() instanceof EventRetracted r) {
                targets.add(r.targetEventId());
                touched.retraction(e.eventId());
            }
        }
        flush();
        if (!targets.isEmpty()) {
            touchTargetsOf(targets);
        }
        if (!events.isEmpty()) {
            // A retraction that arrived before its target: the target's arrival changes its anomaly.
            Sql.list(c, "SELECT event_id FROM retraction WHERE target_event_id = ANY (?)",
                    r -> r.getObject(1, UUID.class), events.stream().map(Envelope::eventId).toList()).forEach(touched::retraction);
        }
        resolveTransfers();
        flush();
        return touched.build();
    }

    private void insertFact(Envelope e) throws SQLException {
        CustodyEvent data = e.data();
        UUID id = e.eventId();
        if (data instanceof FacilityRegistered f) {
            insert("facility_registration", id, f.facilityId(), e.occurredAt(), f.name(), f.country(), f.custodian(), f.capacity());
            touched.facility(f.facilityId());
            touched.population(f.facilityId(), Touched.WHOLE_HISTORY); // where the history starts may move
        } else if (data instanceof CustodianChanged f) {
            insert("custodian_change", id, f.facilityId(), e.occurredAt(), f.custodian());
            touched.facility(f.facilityId());
        } else if (data instanceof org.custodyledger.events.FacilityLocated f) {
            insert("facility_location", id, f.facilityId(), e.occurredAt(), f.latitude(), f.longitude());
            touched.facility(f.facilityId());
        } else if (data instanceof CensusRecorded f) {
            insert("census", id, f.facilityId(), e.occurredAt(), f.population(), breakdownJson(f.breakdown()));
            touched.facility(f.facilityId());
            touched.population(f.facilityId(), e.occurredAt());
        } else if (data instanceof OperationPlanned o) {
            insert("operation_plan", id, o.operationId(),
                    e.occurredAt(), o.name(), o.lead(), o.plannedMax(), o.fromCountry(), o.toCountry());
            touched.operation(o.operationId());
        } else if (TransferLifecycle.transferIdOf(data) != null) {
            transfers.add(TransferLifecycle.transferIdOf(data)); // the event itself is in applied_event, under its transfer_id
        } else if (data instanceof StatementRecorded s) {
            insert("statement", id, s.statementId(), e.occurredAt());
            touched.statements();
        } else if (data instanceof EventRetracted r) {
            insert("retraction", id, r.targetEventId(), e.occurredAt());
        } else {
            throw new IllegalStateException("event type not projected: " + data.getClass());
        }
    }

    /** A census's lines as the {@code census.breakdown} column holds them; null without a breakdown. */
    static String breakdownJson(List<org.custodyledger.events.Cohort> breakdown) {
        try {
            return breakdown == null ? null : org.custodyledger.events.EventJson.mapper().writeValueAsString(breakdown);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void insert(String table, Object... values) throws SQLException {
        copies.computeIfAbsent(table, CopyRows::new).add(c, values);
    }

    private void flush() throws SQLException {
        for (CopyRows rows : copies.values()) {
            rows.send(c);
        }
        transferAnomalies.flush();
    }

    /** A retraction changes whatever its target fed; a target that arrives later finds the retraction instead. */
    private void touchTargetsOf(List<UUID> targets) throws SQLException {
        transfers.addAll(Sql.list(c, "SELECT transfer_id FROM applied_event WHERE event_id = ANY (?) AND transfer_id IS NOT NULL", r -> r.getString(1), targets));
        // A retracted registration moves where the history starts: all of it is re-checked. A
        // retracted census changes the population from its instant on; a custodian change or location, none.
        record Fact(String facilityId, Instant populationFrom) {
        }
        for (Fact fact : Sql.list(c, "SELECT facility_id, NULL::timestamptz AS since FROM facility_registration WHERE event_id = ANY (?) "
                + "UNION ALL SELECT facility_id, occurred_at FROM census WHERE event_id = ANY (?)",
                r -> new Fact(r.getString(1), Sql.instant(r, "since")), targets, targets)) {
            touched.facility(fact.facilityId());
            touched.population(fact.facilityId(), fact.populationFrom() == null ? Touched.WHOLE_HISTORY : fact.populationFrom());
        }
        Sql.list(c, "SELECT facility_id FROM custodian_change WHERE event_id = ANY (?) UNION SELECT facility_id FROM facility_location WHERE event_id = ANY (?)",
                r -> r.getString(1), targets, targets).forEach(touched::facility);
        Sql.list(c, "SELECT operation_id FROM operation_plan WHERE event_id = ANY (?)", r -> r.getString(1), targets).forEach(touched::operation);
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
                touched.facility(i.fromFacilityId());
                touched.facility(i.toFacilityId());
                touched.operationTransfer(i.operationId(), before.initiatedAt(), before.finishedAt());
                for (LedgerEntry entry : before.entries()) {
                    entryFacilities.add(entry.facilityId());
                    entryInstants.add(entry.at());
                    entryEvents.add(entry.eventId());
                    touched.entry(entry, -1);
                }
            }
            // The entries the replaced rows implied, by their keys in ledger_entry_by_facility.
            Sql.update(c, "DELETE FROM ledger_entry e USING unnest(?::text[], ?::timestamptz[], ?::uuid[]) AS k(facility_id, at, event_id) "
                    + "WHERE e.facility_id = k.facility_id AND e.occurred_at = k.at AND e.event_id = k.event_id",
                    entryFacilities, entryInstants, entryEvents);
            Sql.update(c, "DELETE FROM derived_anomaly WHERE owner = ANY (?)", known.stream().map(t -> "transfer/" + t).toList());
            Sql.update(c, "DELETE FROM transfer_line WHERE transfer_id = ANY (?)", new ArrayList<>(known));
        }
        for (String transferId : transfers) {
            TransferLifecycle.Resolution resolution = TransferLifecycle.resolve(events.getOrDefault(transferId, List.of()));
            transferAnomalies.add("transfer/" + transferId, resolution.anomalies());
            ResolvedTransfer t = resolution.transfer();
            if (t == null) {
                continue;
            }
            TransferInitiated i = t.initiated();
            insert("transfer", transferId,
                    t.initiatedEventId(), i.operationId(), i.fromFacilityId(), i.toFacilityId(), i.count(), t.initiatedAt(),
                    t.outcome(), t.finishedEventId(), t.finishedAt(), t.receivedCount(), t.initiatedBy(), t.finishedBy());
            for (Breakdowns.TransferLine line : Breakdowns.transferLines(t)) {
                insert("transfer_line", transferId, line.line().cohort(), line.line().nationality(), line.initiated(), line.received(), line.lost());
            }
            for (LedgerEntry entry : t.entries()) {
                insert("ledger_entry", entry.eventId(), entry.facilityId(), entry.at(), entry.delta(), transferId);
                touched.entry(entry, 1);
            }
            touched.facility(i.fromFacilityId());
            touched.facility(i.toFacilityId());
            touched.operationTransfer(i.operationId(), t.initiatedAt(), t.finishedAt());
        }
        touched.transfersResolved(transfers.size());
        transfers.clear();
    }
}
