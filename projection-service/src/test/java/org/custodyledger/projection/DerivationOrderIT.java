package org.custodyledger.projection;

import org.custodyledger.projection.query.LedgerQueries;
import org.custodyledger.projection.query.ReadModels;
import org.custodyledger.projection.write.ProjectionStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.custodyledger.events.CensusRecorded;
import org.custodyledger.events.CustodyEvent;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventJson;
import org.custodyledger.events.EventRetracted;
import org.custodyledger.events.FacilityRegistered;
import org.custodyledger.events.TransferCompleted;
import org.custodyledger.events.TransferInitiated;
import org.custodyledger.events.Claim;
import org.custodyledger.events.StatementRecorded;
import org.custodyledger.events.OperationPlanned;
import org.custodyledger.ledger.LedgerFold;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * Derivation is incremental (a facility's population is re-checked from the earliest instant a unit
 * changed) and may be deferred across units: whatever the order events arrive in, and whichever
 * units derive, the anomalies, facilities, operations, transfers and claims must be the fold's. A
 * sample of the arrival orders of a small history (a facility, an operation, a statement) is
 * applied one event per unit, deriving after each unit, after none but the last, and alternately.
 */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class DerivationOrderIT {
    private static final String SCHEMA = "projection_order_test";
    /** Of the 3,628,800 arrival orders, a fixed sample keeps the test to seconds (-Dderivation-orders=N for more). */
    private static final int SAMPLED = Integer.getInteger("derivation-orders", 120);
    private static final Instant MID = Instant.parse("2026-04-01T00:00:00Z");

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ProjectionStore store;
    @Inject
    org.custodyledger.projection.write.ApplierLease lease;

    @Test
    void anyArrivalOrderAndDerivationPatternGivesTheFoldsAnomalies() throws Exception {
        TheApplier.await(lease);
        TestSchema.migrate(dataSource, SCHEMA);
        Envelope initiated = envelope(5, MID.plusSeconds(3_600), new TransferInitiated("T-in", "op-a", "f-other", "f-late", 7, null));
        Envelope overCount = envelope(2, MID.plusSeconds(60), new CensusRecorded("f-late", 150, null));
        List<Envelope> history = List.of(
                envelope(1, MID, new FacilityRegistered("f-late", "Late", "SY", "custodian", 100)),
                overCount,
                // Started before its operation was planned: an anomaly the operation's derivation finds.
                envelope(3, Instant.parse("2026-01-02T00:00:00Z"), new TransferInitiated("T-early", "op-a", "f-late", "f-other", 5, null)),
                envelope(9, MID.plusSeconds(10), new OperationPlanned("op-a", "Operation A", "lead-a", 10, "SY", "IQ")),
                // Claims checked against what the other events leave, whatever order they came in.
                envelope(10, MID.plusSeconds(4 * 86_400), new StatementRecorded("S-a", "speaker", null, "org", null, null, null, null, List.of(
                        new Claim(Claim.Metric.TRANSFERRED_TOTAL, "op-a", null, null, Claim.Qualifier.EXACT, 7, MID.plusSeconds(3 * 86_400)),
                        new Claim(Claim.Metric.HELD, null, "f-late", null, Claim.Qualifier.ABOUT, 90, MID.plusSeconds(3 * 86_400)),
                        new Claim(Claim.Metric.TRANSFERRED_TOTAL, null, null, "SY", Claim.Qualifier.AT_LEAST, 1, null)))),
                envelope(4, MID.plusSeconds(30), new CensusRecorded("f-late", 90, null)),
                initiated,
                // Completed the next day: the population after it sums a whole day (facility_day).
                envelope(6, MID.plusSeconds(2 * 86_400), new TransferCompleted("T-in", null)),
                envelope(7, MID.plusSeconds(10_000), new EventRetracted(initiated.eventId(), "in error")),
                // A census recorded in error (its count was over capacity): the population from its instant on is re-checked.
                envelope(8, MID.plusSeconds(20_000), new EventRetracted(overCount.eventId(), "wrong count")));
        int scenarios = 0;
        java.util.Random random = new java.util.Random(1);
        java.util.Set<List<Envelope>> orders = new java.util.LinkedHashSet<>();
        while (orders.size() < SAMPLED) {
            List<Envelope> order = new ArrayList<>(history);
            java.util.Collections.shuffle(order, random);
            orders.add(order);
        }
        for (List<Envelope> order : orders) {
            for (int pattern = 0; pattern < 3; pattern++) {
                TestSchema.empty(dataSource, SCHEMA);
                for (int i = 0; i < order.size(); i++) {
                    boolean last = i == order.size() - 1;
                    boolean derive = last || pattern == 0 || (pattern == 2 && i % 2 == 0);
                    store.commit(SCHEMA, new ProjectionStore.Unit(List.of(new ProjectionStore.AppliedEvent(order.get(i),
                            EventJson.write(order.get(i)), 0, i)), List.of(), Map.of(0, (long) i + 1), List.of()), derive);
                }
                try (Connection c = Schemas.connect(dataSource, SCHEMA)) {
                    String scenario = "arrival order " + order.stream().map(e -> e.eventId().getLeastSignificantBits()).toList() + ", pattern " + pattern;
                    var snapshot = new LedgerQueries(c, ReadModels.CURRENT).snapshot();
                    var expected = LedgerFold.at(history, ReadModels.CURRENT);
                    assertThat(snapshot.anomalies()).as(scenario).isEqualTo(expected.anomalies());
                    assertThat(snapshot.facilities()).as(scenario).isEqualTo(expected.facilities());
                    assertThat(snapshot.operations()).as(scenario).isEqualTo(expected.operations());
                    assertThat(snapshot.transfers()).as(scenario).isEqualTo(expected.transfers());
                    assertThat(snapshot.statements()).as(scenario).isEqualTo(expected.statements());
                }
                scenarios++;
            }
        }
        assertThat(scenarios).isEqualTo(SAMPLED * 3);
    }

    private static Envelope envelope(long n, Instant at, CustodyEvent data) {
        return new Envelope(new UUID(0x1000, n), at, Instant.EPOCH, "test", 1, data);
    }
}
