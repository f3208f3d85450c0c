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
import org.custodyledger.events.Claim;
import org.custodyledger.events.CustodianChanged;
import org.custodyledger.events.CustodyEvent;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventRetracted;
import org.custodyledger.events.FacilityRegistered;
import org.custodyledger.events.OperationPlanned;
import org.custodyledger.events.StatementRecorded;
import org.custodyledger.events.TransferCancelled;
import org.custodyledger.events.TransferCompleted;
import org.custodyledger.events.TransferInitiated;

/**
 * The ledger's rules (SPEC "Fold semantics") as one pure function: a set of events and an instant
 * in, every read model out. Arrival order cannot matter because the events are first put in event
 * time order (ties by eventId) and retractions are resolved over the whole set; no clock, no I/O.
 */
public final class LedgerFold {
    private static final Comparator<Envelope> EVENT_TIME =
            Comparator.comparing(Envelope::occurredAt).thenComparing(Envelope::eventId);

    private LedgerFold() {
    }

    public static LedgerSnapshot at(Collection<Envelope> events, Instant asOf) {
        List<Envelope> ordered = effective(events);
        LedgerState state = LedgerState.walk(ordered, asOf);
        Map<Instant, LedgerState> atClaimTimes = new HashMap<>();
        List<StatementView> statements = new ArrayList<>();
        for (Envelope e : state.statements) {
            StatementRecorded statement = (StatementRecorded) e.data();
            List<ClaimCheck> checks = new ArrayList<>();
            for (int i = 0; i < statement.claims().size(); i++) {
                Claim claim = statement.claims().get(i);
                Instant claimAsOf = claim.asOf() != null ? claim.asOf() : e.occurredAt();
                LedgerState then = atClaimTimes.computeIfAbsent(claimAsOf, t -> LedgerState.walk(ordered, t));
                checks.add(ClaimChecks.check(statement.statementId(), i, claim, claimAsOf, then));
            }
            statements.add(new StatementView(e.eventId(), e.occurredAt(), statement, List.copyOf(checks)));
        }
        List<Anomaly> anomalies = new ArrayList<>(retractionAnomalies(events, asOf));
        anomalies.addAll(state.anomalies);
        anomalies.sort(Comparator.comparing(Anomaly::occurredAt).thenComparing(Anomaly::eventId)
                .thenComparing(a -> a.kind().name()));
        return new LedgerSnapshot(asOf, state.facilityViews(), state.operationViews(), state.transferViews(),
                List.copyOf(statements), state.totalsByCustodian(), state.totalsByCountry(), state.inTransitTotal(),
                List.copyOf(anomalies));
    }

    /** The events that count: one per eventId, without retracted targets or retractions, in event-time order. */
    static List<Envelope> effective(Collection<Envelope> events) {
        Map<UUID, Envelope> byId = byId(events);
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

    private static Map<UUID, Envelope> byId(Collection<Envelope> events) {
        Map<UUID, Envelope> byId = new LinkedHashMap<>();
        for (Envelope e : events) {
            byId.merge(e.eventId(), e, (a, b) -> EVENT_TIME.compare(a, b) <= 0 ? a : b);
        }
        return byId;
    }

    private static List<Anomaly> retractionAnomalies(Collection<Envelope> events, Instant asOf) {
        Map<UUID, Envelope> byId = byId(events);
        List<Anomaly> anomalies = new ArrayList<>();
        byId.values().stream().sorted(EVENT_TIME).filter(e -> !e.occurredAt().isAfter(asOf)).forEach(e -> {
            if (e.data() instanceof EventRetracted r) {
                Envelope target = byId.get(r.targetEventId());
                if (target == null) {
                    anomalies.add(new Anomaly(Anomaly.Kind.UNKNOWN_RETRACTION_TARGET, e.eventId(), e.occurredAt(),
                            "event/" + r.targetEventId(), "retracts " + r.targetEventId() + ", which is not in the log"));
                } else if (target.data() instanceof EventRetracted) {
                    anomalies.add(new Anomaly(Anomaly.Kind.RETRACTION_OF_RETRACTION, e.eventId(), e.occurredAt(),
                            "event/" + r.targetEventId(), "a retraction cannot be retracted; it stands"));
                }
            }
        });
        return anomalies;
    }

    /** Mutable only while one walk runs; never shared. */
    static final class LedgerState {
        final Map<String, Facility> facilities = new TreeMap<>();
        final Map<String, Operation> operations = new TreeMap<>();
        final Map<String, Transfer> transfers = new TreeMap<>();
        final List<Envelope> statements = new ArrayList<>();
        final List<Anomaly> anomalies = new ArrayList<>();

        static final class Facility {
            FacilityRegistered registered;
            String custodian;
            Long population;
            long netChange;
        }

        static final class Operation {
            OperationPlanned planned;
        }

        static final class Transfer {
            TransferInitiated initiated;
            Instant initiatedAt;
            String status = TransferView.IN_TRANSIT;
            Instant finishedAt;
            Integer received;
        }

        static LedgerState walk(List<Envelope> ordered, Instant asOf) {
            LedgerState state = new LedgerState();
            for (Envelope e : ordered) {
                if (e.occurredAt().isAfter(asOf)) {
                    break;
                }
                state.apply(e);
            }
            return state;
        }

        private void apply(Envelope e) {
            CustodyEvent data = e.data();
            if (data instanceof FacilityRegistered r) {
                if (facilities.containsKey(r.facilityId())) {
                    anomaly(Anomaly.Kind.DUPLICATE_REGISTRATION, e, "facility " + r.facilityId() + " is already registered; ignored");
                } else {
                    Facility f = new Facility();
                    f.registered = r;
                    f.custodian = r.custodian();
                    facilities.put(r.facilityId(), f);
                }
            } else if (data instanceof CustodianChanged c) {
                Facility f = known(c.facilityId(), e);
                if (f != null) {
                    f.custodian = c.custodian();
                }
            } else if (data instanceof OperationPlanned p) {
                if (operations.containsKey(p.operationId())) {
                    anomaly(Anomaly.Kind.DUPLICATE_REGISTRATION, e, "operation " + p.operationId() + " is already planned; ignored");
                } else {
                    Operation o = new Operation();
                    o.planned = p;
                    operations.put(p.operationId(), o);
                }
            } else if (data instanceof CensusRecorded c) {
                Facility f = known(c.facilityId(), e);
                if (f != null) {
                    f.population = (long) c.population();
                    checkPopulation(f, e);
                }
            } else if (data instanceof TransferInitiated t) {
                initiate(t, e);
            } else if (data instanceof TransferCompleted c) {
                complete(c, e);
            } else if (data instanceof TransferCancelled c) {
                cancel(c, e);
            } else if (data instanceof StatementRecorded) {
                statements.add(e);
            } else if (data instanceof EventRetracted) {
                throw new IllegalStateException("retractions are resolved before the walk");
            } else {
                throw new IllegalStateException("event type not folded: " + data.getClass());
            }
        }

        private void initiate(TransferInitiated t, Envelope e) {
            if (transfers.containsKey(t.transferId())) {
                anomaly(Anomaly.Kind.DUPLICATE_TRANSFER, e, "transfer " + t.transferId() + " was already initiated; ignored");
                return;
            }
            if (t.operationId() != null && !operations.containsKey(t.operationId())) {
                anomaly(Anomaly.Kind.UNKNOWN_OPERATION, e, "operation " + t.operationId() + " is not planned by then");
            }
            Transfer transfer = new Transfer();
            transfer.initiated = t;
            transfer.initiatedAt = e.occurredAt();
            transfers.put(t.transferId(), transfer);
            Facility from = known(t.fromFacilityId(), e);
            known(t.toFacilityId(), e);
            change(from, -t.count(), e);
        }

        private Transfer finishing(String transferId, Envelope e) {
            Transfer transfer = transfers.get(transferId);
            if (transfer == null) {
                anomaly(Anomaly.Kind.UNKNOWN_TRANSFER, e, "transfer " + transferId + " was not initiated before this; no effect");
                return null;
            }
            if (!TransferView.IN_TRANSIT.equals(transfer.status)) {
                anomaly(Anomaly.Kind.TRANSFER_ALREADY_FINISHED, e, "transfer " + transferId + " was already "
                        + transfer.status.toLowerCase() + "; no effect");
                return null;
            }
            return transfer;
        }

        private void complete(TransferCompleted c, Envelope e) {
            Transfer transfer = finishing(c.transferId(), e);
            if (transfer == null) {
                return;
            }
            int count = transfer.initiated.count();
            int received = c.receivedCount() != null ? c.receivedCount() : count;
            if (received > count) {
                anomaly(Anomaly.Kind.RECEIVED_MORE_THAN_SENT, e, "received " + received + " of " + count + " sent; no effect");
                return;
            }
            transfer.status = TransferView.COMPLETED;
            transfer.finishedAt = e.occurredAt();
            transfer.received = received;
            if (received < count) {
                anomaly(Anomaly.Kind.LOST_IN_TRANSIT, e, (count - received) + " of " + count + " not received in transfer " + c.transferId());
            }
            change(facilities.get(transfer.initiated.toFacilityId()), received, e);
        }

        private void cancel(TransferCancelled c, Envelope e) {
            Transfer transfer = finishing(c.transferId(), e);
            if (transfer == null) {
                return;
            }
            transfer.status = TransferView.CANCELLED;
            transfer.finishedAt = e.occurredAt();
            change(facilities.get(transfer.initiated.fromFacilityId()), transfer.initiated.count(), e);
        }

        private Facility known(String facilityId, Envelope e) {
            Facility f = facilities.get(facilityId);
            if (f == null) {
                anomaly(Anomaly.Kind.UNKNOWN_FACILITY, e, "facility " + facilityId + " is not registered by then");
            }
            return f;
        }

        private void change(Facility f, long delta, Envelope e) {
            if (f == null) {
                return;
            }
            f.netChange += delta;
            if (f.population != null) {
                f.population += delta;
                checkPopulation(f, e);
            }
        }

        private void checkPopulation(Facility f, Envelope e) {
            String id = f.registered.facilityId();
            if (f.population < 0) {
                anomaly(Anomaly.Kind.NEGATIVE_POPULATION, e, "population of " + id + " would be " + f.population);
            }
            Integer capacity = f.registered.capacity();
            if (capacity != null && f.population > capacity) {
                anomaly(Anomaly.Kind.ABOVE_CAPACITY, e, "population of " + id + " is " + f.population + ", capacity " + capacity);
            }
        }

        private void anomaly(Anomaly.Kind kind, Envelope e, String detail) {
            anomalies.add(new Anomaly(kind, e.eventId(), e.occurredAt(), e.data().subject(), detail));
        }

        /** Who holds people in transit: the operation's lead, else the origin's custodian. */
        String inTransitCustodian(Transfer t) {
            Operation op = t.initiated.operationId() == null ? null : operations.get(t.initiated.operationId());
            if (op != null) {
                return op.planned.lead();
            }
            Facility from = facilities.get(t.initiated.fromFacilityId());
            return from == null ? "unknown (" + t.initiated.fromFacilityId() + ")" : from.custodian;
        }

        Map<String, FacilityView> facilityViews() {
            Map<String, FacilityView> views = new TreeMap<>();
            facilities.forEach((id, f) -> views.put(id, new FacilityView(id, f.registered.name(), f.registered.country(),
                    f.custodian, f.registered.capacity(), f.population, f.netChange)));
            return views;
        }

        Map<String, TransferView> transferViews() {
            Map<String, TransferView> views = new TreeMap<>();
            transfers.forEach((id, t) -> views.put(id, new TransferView(id, t.initiated.operationId(),
                    t.initiated.fromFacilityId(), t.initiated.toFacilityId(), t.initiated.count(), t.initiatedAt,
                    t.status, t.finishedAt, t.received,
                    t.received == null ? 0 : t.initiated.count() - t.received)));
            return views;
        }

        Map<String, OperationView> operationViews() {
            Map<String, OperationView> views = new TreeMap<>();
            operations.forEach((id, o) -> {
                long initiated = 0, received = 0, inTransit = 0, cancelled = 0, lost = 0;
                int count = 0;
                Instant first = null, last = null;
                for (Transfer t : transfers.values()) {
                    if (!id.equals(t.initiated.operationId())) {
                        continue;
                    }
                    count++;
                    int n = t.initiated.count();
                    initiated += n;
                    switch (t.status) {
                        case TransferView.COMPLETED -> {
                            received += t.received;
                            lost += n - t.received;
                        }
                        case TransferView.CANCELLED -> cancelled += n;
                        default -> inTransit += n;
                    }
                    first = first == null || t.initiatedAt.isBefore(first) ? t.initiatedAt : first;
                    Instant latest = t.finishedAt != null ? t.finishedAt : t.initiatedAt;
                    last = last == null || latest.isAfter(last) ? latest : last;
                }
                OperationPlanned p = o.planned;
                views.put(id, new OperationView(id, p.name(), p.lead(), p.plannedMax(), p.fromCountry(), p.toCountry(),
                        initiated, received, inTransit, cancelled, lost, count, first, last));
            });
            return views;
        }

        long inTransitTotal() {
            return transfers.values().stream().filter(t -> TransferView.IN_TRANSIT.equals(t.status))
                    .mapToLong(t -> t.initiated.count()).sum();
        }

        Map<String, CustodyTotal> totalsByCustodian() {
            Map<String, CustodyTotal> totals = totals(true);
            for (Transfer t : transfers.values()) {
                if (TransferView.IN_TRANSIT.equals(t.status)) {
                    totals.merge(inTransitCustodian(t), new CustodyTotal(inTransitCustodian(t), 0L, 0, t.initiated.count(), 0),
                            LedgerState::add);
                }
            }
            return totals;
        }

        Map<String, CustodyTotal> totalsByCountry() {
            return totals(false);
        }

        private Map<String, CustodyTotal> totals(boolean byCustodian) {
            Map<String, CustodyTotal> totals = new TreeMap<>();
            for (Facility f : facilities.values()) {
                String key = byCustodian ? f.custodian : f.registered.country();
                totals.merge(key, new CustodyTotal(key, f.population, f.netChange, 0, 1), LedgerState::add);
            }
            return totals;
        }

        private static CustodyTotal add(CustodyTotal a, CustodyTotal b) {
            Long population = a.population() == null || b.population() == null ? null : a.population() + b.population();
            return new CustodyTotal(a.key(), population, a.netChange() + b.netChange(), a.inTransit() + b.inTransit(),
                    a.facilities() + b.facilities());
        }
    }
}
