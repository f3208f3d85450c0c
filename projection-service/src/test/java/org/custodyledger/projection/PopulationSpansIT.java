package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.custodyledger.events.CensusRecorded;
import org.custodyledger.events.CustodyEvent;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventJson;
import org.custodyledger.events.EventRetracted;
import org.custodyledger.events.FacilityRegistered;
import org.custodyledger.events.TransferCompleted;
import org.custodyledger.events.TransferInitiated;
import org.custodyledger.ledger.Anomaly;
import org.custodyledger.ledger.LedgerFold;
import org.custodyledger.ledger.PopulationCheck;
import org.custodyledger.projection.query.LedgerQueries;
import org.custodyledger.projection.query.ReadModels;
import org.custodyledger.projection.write.ProjectionStore;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * A facility whose population keeps crossing zero and its capacity over weeks of entries, recorded
 * live and then back-dated, out of order, deferred and retracted: the population anomalies are the
 * fold's, each day's population span in facility_day is what its entries give, and a re-check
 * passes quiet days without reading them and stops at the first census after the change.
 */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class PopulationSpansIT {
    private static final String SCHEMA = "projection_spans_test";
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final int DAYS = 30;
    /** The day of the second census: a re-check of a change before it stops there. */
    private static final int CENSUS_DAY = 15;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ProjectionStore store;
    @Inject
    org.custodyledger.projection.write.ApplierLease lease;

    private final List<Envelope> history = new ArrayList<>();
    private long offset;
    private long ids;

    @Test
    void backDatedChangesGiveTheFoldsAnomaliesAndPassQuietDaysUpToTheNextCensus() throws Exception {
        reset();
        Random random = new Random(3);
        List<Envelope> log = new ArrayList<>();
        log.add(envelope(START, new FacilityRegistered("f", "F", "SY", "custodian", 100)));
        log.add(envelope(START, new FacilityRegistered("g", "G", "IQ", "custodian", null)));
        log.add(envelope(START.plusSeconds(3_600), new CensusRecorded("f", 50, null)));
        log.add(envelope(START.plusSeconds(CENSUS_DAY * 86_400L + 43_200), new CensusRecorded("f", 60, null)));
        List<Envelope> initiations = new ArrayList<>();
        long population = 50;
        for (int day = 1; day < DAYS; day++) {
            boolean calm = day % 3 == 0; // small moves: a day that stays clear of zero and capacity
            for (int move = 0; move < 8; move++) {
                Instant at = START.plusSeconds(day * 86_400L + 3_600 + move * 3_600L + random.nextInt(600));
                int count = calm ? 1 + random.nextInt(2) : 1 + random.nextInt(40);
                boolean out = calm ? move % 2 == 0 : population > 50 ? random.nextInt(10) < 6 : random.nextInt(10) < 4;
                String id = "T" + ids;
                Envelope initiated = envelope(at, new TransferInitiated(id, null, out ? "f" : "g", out ? "g" : "f", count, null));
                log.add(initiated);
                log.add(envelope(at.plusSeconds(60), new TransferCompleted(id, null)));
                initiations.add(initiated);
                population += out ? -count : count;
            }
        }
        log.sort(java.util.Comparator.comparing(Envelope::occurredAt));
        // Most of it live, in order (appended: the days' spans grow); the rest back-dated, shuffled, every other unit deferred.
        int live = log.size() * 7 / 10;
        for (Envelope e : log.subList(0, live)) {
            apply(e, true);
        }
        List<Envelope> late = new ArrayList<>(log.subList(live, log.size()));
        Collections.shuffle(late, random);
        for (int i = 0; i < late.size(); i++) {
            apply(late.get(i), i % 2 == 0 || i == late.size() - 1);
        }
        apply(envelope(START.plusSeconds(40 * 86_400L), new EventRetracted(initiations.get(20).eventId(), "in error")), true);
        assertMatchesFold();
        assertThat(fold()).as("the history has episodes on both sides")
                .anyMatch(a -> a.kind() == Anomaly.Kind.NEGATIVE_POPULATION).anyMatch(a -> a.kind() == Anomaly.Kind.ABOVE_CAPACITY);

        // A back-dated change re-checks from its day: every day after it stepped through or passed by its span.
        apply(envelope(START.plusSeconds(86_400L + 1_800), new TransferInitiated("T-back", null, "g", "f", 1, null)), true);
        apply(envelope(START.plusSeconds(86_400L + 1_900), new TransferCompleted("T-back", null)), true);
        assertMatchesFold();
        List<LocalDate> known = assertSpansMatchEntries();
        assertThat(known).as("days with a known span").hasSizeGreaterThan(DAYS / 2);

        // Now a quiet day whose entries are altered behind the projection's back (same net delta, a dip
        // below zero in between), and a day after the next census altered the same way, its span forgotten:
        // a re-check from before both reads neither.
        LocalDate quiet = quietDay(known);
        UUID dipBeforeCensus = dip(quiet, false);
        UUID dipAfterCensus = dip(dayAfterCensus(), true);
        Instant before = quiet.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(1_800);
        apply(envelope(before, new TransferInitiated("T-probe", null, "g", "f", 1, null)), true);
        apply(envelope(before.plusSeconds(10), new TransferCompleted("T-probe", null)), true);
        List<UUID> anomalous = anomalies().stream().map(Anomaly::eventId).toList();
        assertThat(anomalous).as("the quiet day was passed, not read").doesNotContain(dipBeforeCensus);
        assertThat(anomalous).as("the re-check stopped at the census").doesNotContain(dipAfterCensus);
        // Whereas a re-check of the whole history (an earlier registration moves where it starts) reads the day whose span is forgotten.
        apply(envelope(START.minusSeconds(60), new FacilityRegistered("f", "F", "SY", "custodian", 100)), true);
        assertThat(anomalies().stream().map(Anomaly::eventId).toList()).as("a whole-history check reads the forgotten day").contains(dipAfterCensus);
    }

    /** A day between the first change and the census whose span is known and stays clear of zero and capacity with a margin. */
    private LocalDate quietDay(List<LocalDate> known) {
        for (LocalDate day : known) {
            if (day.isBefore(LocalDate.ofInstant(START, ZoneOffset.UTC).plusDays(3)) || !day.isBefore(LocalDate.ofInstant(START, ZoneOffset.UTC).plusDays(CENSUS_DAY))) {
                continue;
            }
            Long population = LedgerFold.at(history, day.atStartOfDay(ZoneOffset.UTC).toInstant()).facilities().get("f").population();
            PopulationCheck.Span span = spanOf(day);
            PopulationCheck.Walk shifted = new PopulationCheck.Walk("f", 100, population + 1); // after the probe's +1
            if (population + span.low() > 2 && population + span.high() < 98 && shifted.quiet(span)) {
                return day;
            }
        }
        throw new AssertionError("no quiet day in " + known);
    }

    /** A day after the census's that starts at or above zero: a dip there is an anomaly when its entries are read. */
    private LocalDate dayAfterCensus() {
        LocalDate first = LocalDate.ofInstant(START, ZoneOffset.UTC);
        for (int d = CENSUS_DAY + 1; d < DAYS; d++) {
            Long population = LedgerFold.at(history, first.plusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant()).facilities().get("f").population();
            if (population >= 0) {
                return first.plusDays(d);
            }
        }
        throw new AssertionError("no day after the census starts at or above zero");
    }

    /** Alters two consecutive entries of f on that day: -1000 and +1000, so the day's sum stays. Returns the first one's event. */
    private UUID dip(LocalDate day, boolean forgetSpan) throws Exception {
        try (Connection c = Schemas.connect(dataSource, SCHEMA)) {
            Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            List<UUID> entries = Sql.list(c, "SELECT event_id FROM ledger_entry WHERE facility_id = 'f' AND occurred_at >= ? AND occurred_at < ? "
                    + "ORDER BY occurred_at, event_id LIMIT 2", r -> r.getObject(1, UUID.class), start, start.plusSeconds(86_400));
            assertThat(entries).hasSize(2);
            Sql.update(c, "UPDATE ledger_entry SET delta = delta - 1000 WHERE facility_id = 'f' AND event_id = ?", entries.get(0));
            Sql.update(c, "UPDATE ledger_entry SET delta = delta + 1000 WHERE facility_id = 'f' AND event_id = ?", entries.get(1));
            if (forgetSpan) {
                Sql.update(c, "UPDATE facility_day SET low = NULL, high = NULL WHERE facility_id = 'f' AND day = ?", day);
            }
            return entries.get(0);
        }
    }

    /** Every known span of f's days is what its entries give, in event-time order, up to its last one; returns those days. */
    private List<LocalDate> assertSpansMatchEntries() throws Exception {
        try (Connection c = Schemas.connect(dataSource, SCHEMA)) {
            record Row(LocalDate day, long delta, Long low, Long high, Instant lastAt, UUID lastId) {
            }
            List<Row> rows = Sql.list(c, "SELECT day, delta, low, high, last_at, last_event_id FROM facility_day WHERE facility_id = 'f' ORDER BY day",
                    r -> new Row(r.getObject("day", LocalDate.class), r.getLong("delta"), r.getObject("low", Long.class),
                            r.getObject("high", Long.class), Sql.instant(r, "last_at"), r.getObject("last_event_id", UUID.class)));
            List<LocalDate> known = new ArrayList<>();
            for (Row row : rows) {
                if (row.low() == null) {
                    continue;
                }
                Instant start = row.day().atStartOfDay(ZoneOffset.UTC).toInstant();
                List<Sql.EventRef> keys = Sql.list(c, "SELECT occurred_at, event_id FROM ledger_entry WHERE facility_id = 'f' AND occurred_at >= ? "
                        + "AND occurred_at < ? ORDER BY occurred_at, event_id", Sql.EventRef::of, start, start.plusSeconds(86_400));
                assertThat(new PopulationCheck.Span(row.delta(), row.low(), row.high())).as("span of " + row.day()).isEqualTo(spanOf(row.day()));
                assertThat(new Sql.EventRef(row.lastAt(), row.lastId())).as("last entry of " + row.day()).isEqualTo(keys.get(keys.size() - 1));
                known.add(row.day());
            }
            return known;
        }
    }

    private PopulationCheck.Span spanOf(LocalDate day) {
        try (Connection c = Schemas.connect(dataSource, SCHEMA)) {
            Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            return PopulationCheck.Span.of(Sql.list(c, "SELECT delta FROM ledger_entry WHERE facility_id = 'f' AND occurred_at >= ? "
                    + "AND occurred_at < ? ORDER BY occurred_at, event_id", r -> r.getInt(1), start, start.plusSeconds(86_400)));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertMatchesFold() throws Exception {
        assertThat(anomalies()).isEqualTo(fold());
        try (Connection c = Schemas.connect(dataSource, SCHEMA)) {
            assertThat(new LedgerQueries(c, ReadModels.CURRENT).snapshot().facilities()).isEqualTo(LedgerFold.at(history, ReadModels.CURRENT).facilities());
        }
    }

    private List<Anomaly> anomalies() throws Exception {
        try (Connection c = Schemas.connect(dataSource, SCHEMA)) {
            return new LedgerQueries(c, ReadModels.CURRENT).snapshot().anomalies();
        }
    }

    private List<Anomaly> fold() {
        return LedgerFold.at(history, ReadModels.CURRENT).anomalies();
    }

    private void apply(Envelope e, boolean derive) throws Exception {
        history.add(e);
        store.commit(SCHEMA, new ProjectionStore.Unit(List.of(new ProjectionStore.AppliedEvent(e, EventJson.write(e), 0, offset)),
                List.of(), Map.of(0, offset + 1), List.of()), derive);
        offset++;
    }

    private void reset() throws Exception {
        TheApplier.await(lease);
        TestSchema.migrate(dataSource, SCHEMA);
        TestSchema.empty(dataSource, SCHEMA);
    }

    private Envelope envelope(Instant at, CustodyEvent data) {
        return new Envelope(new UUID(0x2000, ids++), at, Instant.EPOCH, "test", 1, data);
    }
}
