package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.custodyledger.events.CustodyEvent;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventJson;
import org.custodyledger.events.FacilityRegistered;
import org.custodyledger.events.OperationPlanned;
import org.custodyledger.events.TransferCompleted;
import org.custodyledger.events.TransferInitiated;
import org.custodyledger.projection.query.DailySums;
import org.custodyledger.projection.write.ApplierLease;
import org.custodyledger.projection.write.ProjectionStore;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * What a unit costs in an operation's daily sums follows the days it changed, not the operation's
 * history: a unit that changes many days (a back-dated batch) rewrites those days' rows and leaves
 * the others as they were, and what it writes is what a rebuild of every day gives.
 */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class OperationDaysIT {
    private static final String SCHEMA = "projection_operation_days_test";
    private static final String OPERATION = "op-long";
    private static final Instant START = Instant.parse("2026-01-21T10:00:00Z");
    private static final int HISTORY_DAYS = 120;
    /** More than ChangedDays.MOST_DAYS, the most a unit kept pending day by day. */
    private static final int CHANGED_DAYS = 40;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ProjectionStore store;
    @Inject
    ApplierLease lease;

    private long offset;

    @Test
    void aUnitChangingManyDaysRewritesOnlyThoseAndAgreesWithAFullRebuild() throws Exception {
        TheApplier.await(lease);
        TestSchema.migrate(dataSource, SCHEMA);
        TestSchema.empty(dataSource, SCHEMA);
        commit(List.of(new FacilityRegistered("f-a", "A", "SY", "SDF", null), new FacilityRegistered("f-b", "B", "IQ", "Iraq", null),
                new OperationPlanned(OPERATION, "long operation", "Iraq", 100_000, "SY", "IQ")), START.minus(Duration.ofDays(1)));
        List<CustodyEvent> history = new ArrayList<>();
        for (int day = 0; day < HISTORY_DAYS; day++) {
            history.add(new TransferInitiated("T-" + day, OPERATION, "f-a", "f-b", 10, null));
        }
        commit(history, START);
        Map<String, Long> before = versions();
        assertThat(before).hasSize(HISTORY_DAYS);

        // One unit completes the transfers of the first CHANGED_DAYS days, each on its own day.
        List<CustodyEvent> completions = new ArrayList<>();
        for (int day = 0; day < CHANGED_DAYS; day++) {
            completions.add(new TransferCompleted("T-" + day, 9));
        }
        commit(completions, START.plus(Duration.ofHours(2)));

        Map<String, Long> after = versions();
        List<String> rewritten = before.keySet().stream().filter(day -> !before.get(day).equals(after.get(day))).toList();
        assertThat(rewritten).as("days whose operation_day row the unit rewrote").hasSize(CHANGED_DAYS)
                .allMatch(day -> day.compareTo(START.plus(Duration.ofDays(CHANGED_DAYS)).toString().substring(0, 10)) < 0);
        assertThat(rows()).as("operation_day after the unit, against a rebuild of every day").isEqualTo(rebuiltRows());
        assertThat(rows().get(START.toString().substring(0, 10))).contains("received=9", "lost=1");
    }

    /** Each event at its own day: the i-th at {@code first} plus i days. */
    private void commit(List<CustodyEvent> data, Instant first) throws Exception {
        List<ProjectionStore.AppliedEvent> events = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            long n = ++offset;
            Envelope envelope = new Envelope(UUID.randomUUID(), first.plus(Duration.ofDays(i)), Instant.EPOCH, "test", 1, data.get(i));
            events.add(new ProjectionStore.AppliedEvent(envelope, EventJson.write(envelope), 0, n));
        }
        store.commit(SCHEMA, new ProjectionStore.Unit(events, List.of(), Map.of(0, offset + 1), List.of()), true);
    }

    /** Each day's row version (xmin): a rewritten row has a new one. */
    private Map<String, Long> versions() throws Exception {
        Map<String, Long> versions = new LinkedHashMap<>();
        try (Connection c = Schemas.connect(dataSource, SCHEMA); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT day::text, xmin::text::bigint FROM operation_day WHERE operation_id = '" + OPERATION + "' ORDER BY day")) {
            while (r.next()) {
                versions.put(r.getString(1), r.getLong(2));
            }
        }
        return versions;
    }

    private Map<String, String> rows() throws Exception {
        try (Connection c = Schemas.connect(dataSource, SCHEMA)) {
            return rows(c);
        }
    }

    /** The rows a rebuild of all the operation's days writes, in a transaction rolled back. */
    private Map<String, String> rebuiltRows() throws Exception {
        try (Connection c = Schemas.connect(dataSource, SCHEMA)) {
            c.setAutoCommit(false);
            try {
                DailySums.rebuildOperationDays(c, OPERATION, null);
                return rows(c);
            } finally {
                c.rollback();
            }
        }
    }

    private static Map<String, String> rows(Connection c) throws Exception {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT day::text, initiated, transfers, received, lost, "
                + "cancelled, first_at, last_at FROM operation_day WHERE operation_id = '" + OPERATION + "' ORDER BY day")) {
            while (r.next()) {
                rows.put(r.getString(1), "initiated=" + r.getLong(2) + " transfers=" + r.getLong(3) + " received=" + r.getLong(4)
                        + " lost=" + r.getLong(5) + " cancelled=" + r.getLong(6) + " first=" + r.getString(7) + " last=" + r.getString(8));
            }
        }
        return rows;
    }
}
