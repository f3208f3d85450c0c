package org.custodyledger.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.custodyledger.events.CensusRecorded;
import org.custodyledger.events.CustodianChanged;
import org.custodyledger.events.CustodyEvent;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventRetracted;
import org.custodyledger.events.FacilityRegistered;
import org.custodyledger.events.FacilityLocated;
import org.custodyledger.events.OperationPlanned;
import org.custodyledger.events.StatementRecorded;
import org.custodyledger.events.TransferInitiated;

/**
 * The ledger's rules (SPEC "Fold semantics") as one pure function: a set of events and an instant
 * in, every read model out. Arrival order cannot matter because the events are first put in event
 * time order (ties by eventId) and retractions are resolved over the whole set; no clock, no I/O.
 */
public final class LedgerFold {
    private static final Comparator<Envelope> EVENT_TIME = EventOrder.EVENT_TIME;

    /** Anomalies in event-time order; within one event, by kind, then detail. */
    public static final Comparator<Anomaly> ANOMALY_ORDER = Comparator.comparing(Anomaly::occurredAt)
            .thenComparing(Anomaly::eventId, EventOrder.EVENT_ID).thenComparing(a -> a.kind().name()).thenComparing(Anomaly::detail);

    private LedgerFold() {
    }

    public static LedgerSnapshot at(Collection<Envelope> events, Instant asOf) {
        Map<UUID, Envelope> byId = byId(events);
        List<Envelope> ordered = effective(byId);
        LedgerState state = LedgerState.walk(ordered, asOf);
        Map<Instant, LedgerState> atClaimTimes = new HashMap<>();
        List<StatementView> statements = new ArrayList<>();
        for (Envelope e : state.statements) {
            statements.add(ClaimChecks.view(e, t -> atClaimTimes.computeIfAbsent(t, instant -> LedgerState.walk(ordered, instant))));
        }
        List<Anomaly> anomalies = new ArrayList<>(retractionAnomalies(byId, asOf));
        anomalies.addAll(state.anomalies);
        anomalies.sort(ANOMALY_ORDER);
        return new LedgerSnapshot(asOf, state.facilityViews(), state.operationViews(), state.transferViews(),
                List.copyOf(statements), state.totalsByCustodian(), state.totalsByCountry(), state.inTransitTotal(),
                List.copyOf(anomalies), state.breakdowns());
    }

    /** The events that count: one per eventId, without retracted targets or retractions, in event-time order. */
    static List<Envelope> effective(Map<UUID, Envelope> byId) {
        Set<UUID> retracted = new HashSet<>();
        for (Envelope e : byId.values()) {
            if (e.data() instanceof EventRetracted r) {
                Envelope target = byId.get(r.targetEventId());
                if (target != null && !(target.data() instanceof EventRetracted)) {
                    retracted.add(target.eventId());
                }
            }
        }
        return byId.values().stream()
                .filter(e -> !(e.data() instanceof EventRetracted) && !retracted.contains(e.eventId()))
                .sorted(EVENT_TIME).toList();
    }

    /** One envelope per eventId (the earliest in event order, if a log holds one twice). */
    static Map<UUID, Envelope> byId(Collection<Envelope> events) {
        Map<UUID, Envelope> byId = new LinkedHashMap<>();
        for (Envelope e : events) {
            byId.merge(e.eventId(), e, (a, b) -> EVENT_TIME.compare(a, b) <= 0 ? a : b);
        }
        return byId;
    }

    private static List<Anomaly> retractionAnomalies(Map<UUID, Envelope> byId, Instant asOf) {
        List<Anomaly> anomalies = new ArrayList<>();
        byId.values().stream().sorted(EVENT_TIME).filter(e -> !e.occurredAt().isAfter(asOf)).forEach(e -> {
            if (e.data() instanceof EventRetracted r) {
                Envelope target = byId.get(r.targetEventId());
                Anomaly.ofRetraction(e.eventId(), e.occurredAt(), r.targetEventId(), target != null,
                        target != null && target.data() instanceof EventRetracted).ifPresent(anomalies::add);
            }
        });
        return anomalies;
    }

    /** Mutable only while one walk runs; never shared. */
    static final class LedgerState implements LedgerFacts {
        final Map<String, Facility> facilities = new TreeMap<>();
        final Map<String, Operation> operations = new TreeMap<>();
        final Map<String, ResolvedTransfer> transfers = new TreeMap<>();
        Instant asOf;
        final List<Envelope> statements = new ArrayList<>();
        final List<Anomaly> anomalies = new ArrayList<>();

        static final class Facility {
            FacilityRegistered registered;
            Envelope census; // the latest applied
            String custodian;
            FacilityView.Location location;
            PopulationCheck.Walk population;
            long netChange;
            final Series.Moves moves = new Series.Moves();
            final Breakdowns.FacilityLines lines = new Breakdowns.FacilityLines();
            /** The moves of each nationality's lines. */
            final Map<String, Series.Moves> movesByNationality = new TreeMap<>();
        }

        static final class Operation {
            OperationPlanned planned;
        }

        /** One of a transfer's ledger entries, with the event that caused it. */
        private record Entry(Envelope cause, ResolvedTransfer transfer, LedgerEntry entry) {
        }

        static LedgerState walk(List<Envelope> ordered, Instant asOf) {
            LedgerState state = new LedgerState();
            state.asOf = asOf;
            Map<String, List<Envelope>> byTransfer = new TreeMap<>();
            List<Object> timeline = new ArrayList<>();
            for (Envelope e : ordered) {
                String transferId = TransferLifecycle.transferIdOf(e.data());
                if (transferId != null) {
                    byTransfer.computeIfAbsent(transferId, id -> new ArrayList<>()).add(e);
                } else {
                    timeline.add(e);
                }
            }
            Map<UUID, Envelope> byId = new HashMap<>();
            ordered.forEach(e -> byId.put(e.eventId(), e));
            for (List<Envelope> events : byTransfer.values()) {
                TransferLifecycle.Resolution resolution = TransferLifecycle.resolve(events);
                resolution.anomalies().stream().filter(a -> !a.occurredAt().isAfter(asOf)).forEach(state.anomalies::add);
                ResolvedTransfer t = resolution.transfer();
                if (t != null) {
                    for (LedgerEntry entry : t.entries()) {
                        timeline.add(new Entry(byId.get(entry.eventId()), t, entry));
                    }
                }
            }
            timeline.sort(Comparator.comparing(item -> item instanceof Entry entry ? entry.cause() : (Envelope) item, EVENT_TIME));
            for (Object item : timeline) {
                Envelope e = item instanceof Entry entry ? entry.cause() : (Envelope) item;
                if (e.occurredAt().isAfter(asOf)) {
                    break;
                }
                if (item instanceof Entry entry) {
                    state.applyEntry(entry);
                } else {
                    state.apply(e);
                }
            }
            return state;
        }

        private void applyEntry(Entry item) {
            ResolvedTransfer t = item.transfer();
            Envelope e = item.cause();
            if (e.eventId().equals(t.initiatedEventId())) {
                transfers.put(t.transferId(), t);
                TransferInitiated initiated = t.initiated();
                if (initiated.operationId() != null && !operations.containsKey(initiated.operationId())) {
                    anomalies.add(Anomaly.unknownOperation(e.eventId(), e.occurredAt(), e.data().subject(), initiated.operationId()));
                }
                known(initiated.fromFacilityId(), e);
                known(initiated.toFacilityId(), e);
            }
            Facility f = facilities.get(item.entry().facilityId());
            change(f, item.entry().delta(), e);
            if (f != null) {
                for (Breakdowns.LineEntry line : Breakdowns.entries(t)) {
                    if (line.eventId().equals(e.eventId()) && line.facilityId().equals(item.entry().facilityId())) {
                        f.lines.entry(line.line(), line.delta());
                        if (line.line().nationality() != null) {
                            f.movesByNationality.computeIfAbsent(line.line().nationality(), k -> new Series.Moves()).add(line.delta());
                        }
                    }
                }
            }
        }

        private void apply(Envelope e) {
            CustodyEvent data = e.data();
            if (data instanceof FacilityRegistered r) {
                if (facilities.containsKey(r.facilityId())) {
                    anomalies.add(Anomaly.facilityAlreadyRegistered(e.eventId(), e.occurredAt(), r.facilityId()));
                } else {
                    Facility f = new Facility();
                    f.registered = r;
                    f.custodian = r.custodian();
                    f.population = new PopulationCheck.Walk(r.facilityId(), r.capacity(), null);
                    facilities.put(r.facilityId(), f);
                }
            } else if (data instanceof CustodianChanged c) {
                Facility f = known(c.facilityId(), e);
                if (f != null) {
                    f.custodian = c.custodian();
                }
            } else if (data instanceof FacilityLocated l) {
                Facility f = known(l.facilityId(), e);
                if (f != null) {
                    f.location = new FacilityView.Location(l.latitude(), l.longitude());
                }
            } else if (data instanceof OperationPlanned p) {
                if (operations.containsKey(p.operationId())) {
                    anomalies.add(Anomaly.operationAlreadyPlanned(e.eventId(), e.occurredAt(), p.operationId()));
                } else {
                    Operation o = new Operation();
                    o.planned = p;
                    operations.put(p.operationId(), o);
                }
            } else if (data instanceof CensusRecorded c) {
                Facility f = known(c.facilityId(), e);
                if (f != null) {
                    f.population.step(new PopulationCheck.Step(e.eventId(), e.occurredAt(), e.data().subject(), c.population(), 0),
                            anomalies::add);
                    f.lines.census(c.breakdown());
                    f.census = e;
                }
            } else if (TransferLifecycle.transferIdOf(data) != null) {
                throw new IllegalStateException("transfer events are resolved by TransferLifecycle before the walk");
            } else if (data instanceof StatementRecorded) {
                statements.add(e);
            } else if (data instanceof EventRetracted) {
                throw new IllegalStateException("retractions are resolved before the walk");
            } else {
                throw new IllegalStateException("event type not folded: " + data.getClass());
            }
        }

        private Facility known(String facilityId, Envelope e) {
            Facility f = facilities.get(facilityId);
            if (f == null) {
                anomalies.add(Anomaly.unknownFacility(e.eventId(), e.occurredAt(), e.data().subject(), facilityId));
            }
            return f;
        }

        private void change(Facility f, int delta, Envelope e) {
            if (f == null) {
                return;
            }
            f.netChange += delta;
            f.moves.add(delta);
            f.population.step(new PopulationCheck.Step(e.eventId(), e.occurredAt(), e.data().subject(), null, delta), anomalies::add);
        }

        /** The breakdowns at asOf (SPEC "Breakdowns, flows and cohort claims"). */
        Breakdowns.Snapshot breakdowns() {
            Map<String, Breakdowns.Breakdown> byFacility = new TreeMap<>();
            Map<String, String> custodianOf = new HashMap<>();
            Map<String, String> countryOf = new HashMap<>();
            facilities.forEach((id, f) -> {
                byFacility.put(id, f.lines.view(id));
                custodianOf.put(id, f.custodian);
                countryOf.put(id, f.registered.country());
            });
            Map<String, List<Breakdowns.TransferLine>> inTransit = new TreeMap<>();
            Map<String, List<ResolvedTransfer>> byOperation = new TreeMap<>();
            for (ResolvedTransfer t : transfers.values()) {
                ResolvedTransfer now = Breakdowns.asOf(t, asOf);
                if (now.outcome() == null) {
                    inTransit.computeIfAbsent(inTransitCustodian(now.viewAt(asOf)), k -> new ArrayList<>()).addAll(Breakdowns.transferLines(now));
                }
                if (t.initiated().operationId() != null && operations.containsKey(t.initiated().operationId())) {
                    byOperation.computeIfAbsent(t.initiated().operationId(), k -> new ArrayList<>()).add(now);
                }
            }
            Map<String, List<Breakdowns.OperationLine>> operationLines = new TreeMap<>();
            operations.keySet().forEach(id -> operationLines.put(id, Breakdowns.operationLines(byOperation.getOrDefault(id, List.of()))));
            return new Breakdowns.Snapshot(byFacility, Breakdowns.byGroup(custodianOf, byFacility.values(), inTransit),
                    Breakdowns.byGroup(countryOf, byFacility.values(), Map.of()), operationLines);
        }

        String inTransitCustodian(TransferView t) {
            return CustodyTotals.holderInTransit(t, id -> operations.containsKey(id) ? operations.get(id).planned.lead() : null,
                    id -> facilities.containsKey(id) ? facilities.get(id).custodian : null);
        }

        Map<String, FacilityView> facilityViews() {
            Map<String, FacilityView> views = new TreeMap<>();
            facilities.forEach((id, f) -> views.put(id, new FacilityView(id, f.registered.name(), f.registered.country(),
                    f.custodian, f.registered.capacity(), f.population.population(), f.netChange, f.location)));
            return views;
        }

        /** Each facility's arrivals and departures so far; with a nationality, those of its lines. */
        Map<String, Series.Moves> moves(String nationality) {
            Map<String, Series.Moves> moves = new TreeMap<>();
            facilities.forEach((id, f) -> moves.put(id, nationality == null ? f.moves
                    : f.movesByNationality.getOrDefault(nationality, new Series.Moves())));
            return moves;
        }

        Map<String, TransferView> transferViews() {
            Map<String, TransferView> views = new TreeMap<>();
            transfers.forEach((id, t) -> views.put(id, t.viewAt(asOf)));
            return views;
        }

        Map<String, OperationView> operationViews() {
            Map<String, OperationView> views = new TreeMap<>();
            Map<String, List<TransferView>> byOperation = new HashMap<>();
            transferViews().values().stream().filter(t -> t.operationId() != null)
                    .forEach(t -> byOperation.computeIfAbsent(t.operationId(), k -> new ArrayList<>()).add(t));
            operations.forEach((id, o) -> views.put(id, OperationFigures.of(o.planned, byOperation.getOrDefault(id, List.of()))));
            return views;
        }

        long inTransitTotal() {
            return transferViews().values().stream().filter(t -> TransferView.IN_TRANSIT.equals(t.status()))
                    .mapToLong(TransferView::count).sum();
        }

        Map<String, CustodyTotal> totalsByCustodian() {
            return CustodyTotals.byCustodian(facilityViews().values(), inTransitViews(), this::inTransitCustodian);
        }

        Map<String, CustodyTotal> totalsByCountry() {
            return CustodyTotals.byCountry(facilityViews().values());
        }

        private List<TransferView> inTransitViews() {
            return transferViews().values().stream().filter(t -> TransferView.IN_TRANSIT.equals(t.status())).toList();
        }

        @Override
        public boolean operationPlanned(String operationId) {
            return operations.containsKey(operationId);
        }

        @Override
        public boolean facilityRegistered(String facilityId) {
            return facilities.containsKey(facilityId);
        }

        @Override
        public List<String> facilitiesIn(String country) {
            return facilities.entrySet().stream().filter(e -> country.equals(e.getValue().registered.country()))
                    .map(Map.Entry::getKey).toList();
        }

        @Override
        public long receivedInOperation(String operationId) {
            return received(t -> operationId.equals(t.operationId()));
        }

        @Override
        public long receivedAt(List<String> facilityIds) {
            return received(t -> facilityIds.contains(t.toFacilityId()));
        }

        private long received(java.util.function.Predicate<TransferView> which) {
            return transferViews().values().stream().filter(which)
                    .filter(t -> TransferView.COMPLETED.equals(t.status())).mapToLong(TransferView::receivedCount).sum();
        }

        @Override
        public Map<Breakdowns.Line, Long> receivedLinesInOperation(String operationId) {
            return Breakdowns.received(transfers.values().stream().filter(t -> operationId.equals(t.initiated().operationId()))
                    .map(t -> Breakdowns.asOf(t, asOf)).toList());
        }

        @Override
        public Map<Breakdowns.Line, Long> receivedLinesAt(List<String> facilityIds) {
            return Breakdowns.received(transfers.values().stream().filter(t -> facilityIds.contains(t.initiated().toFacilityId()))
                    .map(t -> Breakdowns.asOf(t, asOf)).toList());
        }

        @Override
        public java.util.Optional<Map<Breakdowns.Line, Long>> populationLines(String facilityId) {
            return facilities.get(facilityId).lines.view(facilityId).populations();
        }

        @Override
        public java.util.Optional<Long> population(String facilityId) {
            return java.util.Optional.ofNullable(facilities.get(facilityId).population.population());
        }

        @Override
        public LedgerFacts at(Instant instant) {
            throw new UnsupportedOperationException("the fold walks once per instant; see LedgerFold.at");
        }
    }
}
