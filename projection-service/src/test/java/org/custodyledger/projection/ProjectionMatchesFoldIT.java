package org.custodyledger.projection;

import org.custodyledger.projection.consume.ProjectionProgress;
import org.custodyledger.projection.consume.UnitAssembler;
import org.custodyledger.projection.query.LedgerQueries;
import org.custodyledger.projection.query.ReadModels;
import org.custodyledger.projection.read.ReadModelService;
import org.custodyledger.projection.write.ProjectionStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.custodyledger.events.ConsistencyToken;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventJson;
import org.custodyledger.ledger.Anomaly;
import org.custodyledger.ledger.FacilityView;
import org.custodyledger.ledger.TransferView;
import org.custodyledger.ledger.LedgerDigest;
import org.custodyledger.ledger.LedgerFold;
import org.custodyledger.ledger.LedgerSnapshot;
import org.custodyledger.ledger.LogGenerator;
import org.custodyledger.ledger.OperationView;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * The projection's indexed queries must answer exactly what the pure fold (the executable spec)
 * answers, on a generated log of thousands of events sent in random order through a real broker
 * into a real database, at many instants. A record that cannot be decoded is listed, not fatal.
 */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class ProjectionMatchesFoldIT {
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ProjectionProgress progress;
    @Inject
    ProjectionStore store;

    @Test
    void everySavedSampleOfEveryTypeIsProjectedAsTheFoldHasIt() throws Exception {
        List<Envelope> samples = new ArrayList<>();
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("..", "events", "src", "test", "resources", "samples"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                var read = org.custodyledger.events.EventReader.readStored(EventJson.parse(java.nio.file.Files.readAllBytes(file)));
                assertThat(read.problems()).as(file.toString()).isEmpty();
                Envelope e = read.value();
                // A fresh eventId each: the v1 and v2 sample of a type are one event in two forms.
                samples.add(new Envelope(java.util.UUID.randomUUID(), e.occurredAt(), e.recordedAt(), e.recordedBy(), e.schemaVersion(), e.data()));
            }
        }
        assertThat(samples.stream().map(Envelope::type).distinct()).containsExactlyInAnyOrderElementsOf(org.custodyledger.events.EventTypes.names());
        assertThat(progress.awaitCovers(produce(samples), Duration.ofSeconds(60))).as("projection caught up").isTrue();
        List<String> applied = new ArrayList<>();
        try (Connection c = Schemas.connect(dataSource, Schemas.LIVE)) {
            for (Envelope e : samples) {
                applied.addAll(Sql.list(c, "SELECT type FROM applied_event WHERE event_id = ?", r -> r.getString(1), e.eventId()));
            }
            assertThat(applied).as("every sample applied").hasSize(samples.size());
            // Other tests of this JVM share the topic: the spec's answer is the fold of everything in it.
            List<Envelope> log = everythingInTheLog();
            assertThat(LedgerDigest.of(new LedgerQueries(c, ReadModels.CURRENT).snapshot()))
                    .isEqualTo(LedgerDigest.of(LedgerFold.at(log, ReadModels.CURRENT)));
        }
    }

    @Test
    void indexedReadModelsEqualTheFoldAtEveryInstant() throws Exception {
        List<Envelope> log = new ArrayList<>(LogGenerator.generate(11, 2_500));
        log.addAll(overflowingFacility());
        Collections.shuffle(log, new Random(11));
        log.addAll(log.subList(0, 100)); // duplicates in the log count once
        ConsistencyToken written = produce(log);
        assertThat(progress.awaitCovers(written, Duration.ofSeconds(120))).as("projection caught up").isTrue();

        // Other tests of this JVM share the topic: the spec's answer is the fold of everything in it.
        log = everythingInTheLog();
        List<Instant> instants = new ArrayList<>(List.of(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-15T12:00:00Z"),
                Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-05-20T08:30:00Z"), ReadModels.CURRENT));
        instants.add(log.get(7).occurredAt()); // exactly at an event: ties matter
        try (Connection c = Schemas.connect(dataSource, Schemas.LIVE)) {
            for (Instant t : instants) {
                LedgerSnapshot expected = LedgerFold.at(log, t);
                LedgerSnapshot actual = new LedgerQueries(c, t).snapshot();
                assertThat(actual.facilities()).as("facilities at " + t).isEqualTo(expected.facilities());
                assertThat(actual.transfers()).as("transfers at " + t).isEqualTo(expected.transfers());
                assertThat(actual.operations()).as("operations at " + t).isEqualTo(expected.operations());
                assertThat(actual.byCustodian()).as("custodians at " + t).isEqualTo(expected.byCustodian());
                assertThat(actual.byCountry()).as("countries at " + t).isEqualTo(expected.byCountry());
                assertThat(actual.inTransit()).as("in transit at " + t).isEqualTo(expected.inTransit());
                assertThat(actual.statements()).as("statements at " + t).isEqualTo(expected.statements());
                assertThat(actual.anomalies()).as("anomalies at " + t).isEqualTo(expected.anomalies());
                assertThat(actual.breakdowns().facilities()).as("facilities by line at " + t).isEqualTo(expected.breakdowns().facilities());
                assertThat(actual.breakdowns().byCustodian()).as("custodians by line at " + t).isEqualTo(expected.breakdowns().byCustodian());
                assertThat(actual.breakdowns().byCountry()).as("countries by line at " + t).isEqualTo(expected.breakdowns().byCountry());
                assertThat(actual.breakdowns().operations()).as("operations by line at " + t).isEqualTo(expected.breakdowns().operations());
            }
            // The checkpoint's digest, paced in pages of 50 statements, is the operator's, read flat out in pages of 500.
            LedgerQueries latest = new LedgerQueries(c, ReadModels.CURRENT);
            assertThat(latest.statements()).as("statements for more than one paced page").hasSizeGreaterThan(50);
            assertThat(latest.digest(org.custodyledger.projection.query.DigestPace.resting(0.01))).isEqualTo(latest.digest());
            // The log breaks down part of its people, and some censuses, lines of no nationality and received lines.
            assertThat(LedgerFold.at(log, ReadModels.CURRENT).breakdowns().facilities().values())
                    .anyMatch(b -> b.known() && b.lines().size() > 2).anyMatch(b -> !b.known() && !b.lines().isEmpty());
            // Flows over windows that cut transfers in half, by every grouping.
            List<Instant> bounds = List.of(Instant.parse("2026-01-01T00:00:00Z"), log.get(7).occurredAt(), Instant.parse("2026-03-01T00:00:00Z"),
                    Instant.parse("2030-01-01T00:00:00Z"));
            long flowed = 0;
            long flowedFrench = 0;
            for (int i = 0; i + 1 < bounds.size(); i++) {
                Instant from = bounds.get(i).isBefore(bounds.get(i + 1)) ? bounds.get(i) : Instant.parse("2025-01-01T00:00:00Z");
                for (org.custodyledger.ledger.Flows.By by : org.custodyledger.ledger.Flows.By.values()) {
                    List<org.custodyledger.ledger.Flows.Flow> expected = org.custodyledger.ledger.Flows.between(log, from, bounds.get(i + 1), by);
                    assertThat(org.custodyledger.projection.query.FlowQueries.between(c, from, bounds.get(i + 1), by))
                            .as("flows by " + by + " in [" + from + ", " + bounds.get(i + 1) + ")").isEqualTo(expected);
                    flowed += expected.stream().mapToLong(f -> f.received() + f.lost() + f.cancelled()).sum();
                    List<org.custodyledger.ledger.Flows.Flow> ofFrance = org.custodyledger.ledger.Flows.between(log, from, bounds.get(i + 1), by, "FR");
                    assertThat(org.custodyledger.projection.query.FlowQueries.between(c, from, bounds.get(i + 1), by, "FR"))
                            .as("flows of FR by " + by + " in [" + from + ", " + bounds.get(i + 1) + ")").isEqualTo(ofFrance);
                    flowedFrench += ofFrance.stream().mapToLong(f -> f.received() + f.lost() + f.cancelled()).sum();
                    for (String[] kind : new String[][] {{null, "minor"}, {"SY", "adult"}}) {
                        assertThat(org.custodyledger.projection.query.FlowQueries.between(c, from, bounds.get(i + 1), by, kind[0], kind[1]))
                                .as("flows of " + kind[0] + "/" + kind[1] + " by " + by + " in [" + from + ", " + bounds.get(i + 1) + ")")
                                .isEqualTo(org.custodyledger.ledger.Flows.between(log, from, bounds.get(i + 1), by, kind[0], kind[1]));
                    }
                }
            }
            assertThat(flowed).as("the windows hold flows").isPositive();
            boolean frenchSeen = false;
            boolean movedSeen = false;
            boolean operationSeen = false;
            // Population series by day and week, over windows that start before the first registration and cut days.
            for (var window : List.of(List.of("2025-12-30T00:00:00Z", "2026-03-02T00:00:00Z"), List.of("2026-02-10T06:30:00Z", "2026-07-01T00:00:00Z"))) {
                Instant from = Instant.parse(window.get(0));
                Instant to = Instant.parse(window.get(1));
                for (org.custodyledger.ledger.Series.Step step : org.custodyledger.ledger.Series.Step.values()) {
                    for (String facility : List.of("f-0", "f-1", "f-3", "f-late")) {
                        assertThat(org.custodyledger.projection.query.SeriesQueries.of(c, List.of(facility), null, from, to, step))
                                .as(facility + " by " + step + " from " + from).isEqualTo(org.custodyledger.ledger.Series.of(log, f -> f.facilityId().equals(facility), from, to, step));
                    }
                    for (String facility : List.of("f-0", "f-6")) { // censuses with breakdowns
                        var french = org.custodyledger.ledger.Series.of(log, f -> f.facilityId().equals(facility), from, to, step, "FR");
                        assertThat(org.custodyledger.projection.query.SeriesQueries.ofNationality(c, List.of(facility), null, from, to, step, "FR"))
                                .as(facility + "'s French by " + step + " from " + from).isEqualTo(french);
                        frenchSeen |= french.stream().anyMatch(p -> p.population() != null && p.population() > 0);
                    }
                    for (String country : List.of("SY", "IQ")) {
                        assertThat(org.custodyledger.projection.query.SeriesQueries.of(c, org.custodyledger.projection.query.SeriesQueries.facilitiesOf(c, country, to), null, from, to, step))
                                .as(country + " by " + step + " from " + from).isEqualTo(org.custodyledger.ledger.Series.of(log, f -> f.country().equals(country), from, to, step));
                    }
                    // A custodian's facilities change with CustodianChanged (f-1 to custodian-new mid-log; f-2's change before its registration is no change).
                    List<String> all = org.custodyledger.projection.query.SeriesQueries.facilities(c, to);
                    for (String custodian : List.of("custodian-1", "custodian-new", "custodian-2", "too-early")) {
                        var expected = org.custodyledger.ledger.Series.of(log, f -> custodian.equals(f.custodian()), from, to, step);
                        assertThat(org.custodyledger.projection.query.SeriesQueries.of(c, all, custodian, from, to, step))
                                .as(custodian + " by " + step + " from " + from).isEqualTo(expected);
                        assertThat(org.custodyledger.projection.query.SeriesQueries.ofNationality(c, all, custodian, from, to, step, "FR"))
                                .as(custodian + "'s French by " + step + " from " + from)
                                .isEqualTo(org.custodyledger.ledger.Series.of(log, f -> custodian.equals(f.custodian()), from, to, step, "FR"));
                        movedSeen |= expected.stream().anyMatch(p -> p.arrivals() > 0 && p.departures() > 0);
                    }
                    for (String operation : List.of("op-0", "op-3", "op-9")) {
                        var expected = org.custodyledger.ledger.Series.ofOperation(log, operation, from, to, step);
                        assertThat(org.custodyledger.projection.query.SeriesQueries.ofOperation(c, operation, from, to, step))
                                .as(operation + " by " + step + " from " + from).isEqualTo(expected);
                        operationSeen |= expected.stream().anyMatch(p -> p.received() > 0 && p.inTransit() > 0);
                    }
                }
            }
            assertThat(frenchSeen).as("French nationals counted in some step").isTrue();
            assertThat(movedSeen).as("a custodian's step with arrivals and departures").isTrue();
            assertThat(operationSeen).as("an operation's step with people received and in transit").isTrue();
            // The analyst's reporting views, read with the analyst's own login: the same figures.
            var logins = TestInfrastructure.databaseLogins();
            try (Connection analyst = logins.connect(TestInfrastructure.jdbcUrl(), org.custodyledger.stack.DatabaseLogins.ANALYST)) {
                Map<String, FacilityView> facilities = LedgerFold.at(log, ReadModels.CURRENT).facilities();
                List<List<Object>> reported = Sql.list(analyst, "SELECT facility_id, population, net_change FROM projection.report_facility ORDER BY facility_id COLLATE \"C\"",
                        r -> java.util.Arrays.asList(r.getString(1), r.getObject(2) == null ? null : r.getLong(2), r.getLong(3)));
                assertThat(reported).isEqualTo(facilities.values().stream().map(f -> java.util.Arrays.<Object>asList(f.facilityId(), f.population(), f.netChange())).toList());
                int days = 0;
                for (String facility : List.of("f-0", "f-1", "f-3")) {
                    record Day(java.time.LocalDate day, Long population, long net, long arrivals, long departures) {
                    }
                    for (Day day : Sql.list(analyst, "SELECT day, population, net_change, arrivals, departures FROM projection.report_population_by_day "
                            + "WHERE facility_id = ? ORDER BY day LIMIT 15", r -> new Day(r.getObject(1, java.time.LocalDate.class),
                            r.getObject(2) == null ? null : r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5)), facility)) {
                        Instant start = day.day().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                        var point = org.custodyledger.ledger.Series.of(log, f -> f.facilityId().equals(facility), start, start.plusSeconds(86_400),
                                org.custodyledger.ledger.Series.Step.DAY).get(0);
                        assertThat(new Day(day.day(), point.population(), point.netChange(), point.arrivals(), point.departures()))
                                .as(facility + " on " + day.day()).isEqualTo(day);
                        days++;
                    }
                }
                assertThat(days).isGreaterThan(20);
                assertThat(Sql.list(analyst, "SELECT count(*) FROM projection.report_transfer", r -> r.getLong(1)).get(0))
                        .isEqualTo(LedgerFold.at(log, ReadModels.CURRENT).transfers().size());
                assertThat(Sql.list(analyst, "SELECT sum(initiated) FROM projection.report_transfer_line", r -> r.getLong(1)).get(0))
                        .isEqualTo(LedgerFold.at(log, ReadModels.CURRENT).transfers().values().stream().mapToLong(TransferView::count).sum());
            }
            // Each claim's evidence, whole and a page at a time.
            int evidence = 0;
            for (org.custodyledger.ledger.StatementView s : LedgerFold.at(log, ReadModels.CURRENT).statements()) {
                for (org.custodyledger.ledger.ClaimCheck check : s.checks()) {
                    org.custodyledger.events.Claim claim = s.statement().claims().get(check.claimIndex());
                    List<org.custodyledger.ledger.ClaimEvidence.Item> expected = org.custodyledger.ledger.ClaimEvidence.of(log, claim, check.asOf());
                    var facts = new LedgerQueries(c, check.asOf());
                    assertThat(org.custodyledger.projection.query.EvidenceQueries.page(c, claim, check.asOf(), facts, null, 1_000_000))
                            .as("evidence of " + s.statement().statementId() + " claim " + check.claimIndex()).isEqualTo(expected);
                    List<org.custodyledger.ledger.ClaimEvidence.Item> paged = new ArrayList<>();
                    org.custodyledger.ledger.ClaimEvidence.Item last = null;
                    for (int page = 0; page < 10_000; page++) {
                        var items = org.custodyledger.projection.query.EvidenceQueries.page(c, claim, check.asOf(), facts, last, 37);
                        paged.addAll(items);
                        if (items.size() < 37) {
                            break;
                        }
                        last = items.get(items.size() - 1);
                    }
                    assertThat(paged).as("paged evidence of " + s.statement().statementId() + " claim " + check.claimIndex()).isEqualTo(expected);
                    evidence += expected.size();
                }
            }
            assertThat(evidence).as("claims with evidence").isGreaterThan(100);
            assertThat(flowedFrench).as("and flows of French nationals").isPositive().isLessThan(flowed);
            LedgerSnapshot now = LedgerFold.at(log, ReadModels.CURRENT);
            assertThat(now.anomalies()).extracting(Anomaly::kind).contains(Anomaly.Kind.LOST_IN_TRANSIT, Anomaly.Kind.UNKNOWN_FACILITY,
                    Anomaly.Kind.UNKNOWN_OPERATION, Anomaly.Kind.DUPLICATE_REGISTRATION, Anomaly.Kind.UNKNOWN_RETRACTION_TARGET,
                    Anomaly.Kind.RETRACTION_OF_RETRACTION, Anomaly.Kind.ABOVE_CAPACITY, Anomaly.Kind.TRANSFER_ALREADY_FINISHED,
                    Anomaly.Kind.UNKNOWN_TRANSFER, Anomaly.Kind.DUPLICATE_TRANSFER, Anomaly.Kind.BREAKDOWN_MISMATCH);
            assertThat(now.statements()).flatExtracting(org.custodyledger.ledger.StatementView::checks)
                    .extracting(org.custodyledger.ledger.ClaimCheck::verdict).contains(org.custodyledger.ledger.Verdict.values());
            ReadModelService reads = new ReadModelService(dataSource, null, progress, null, null);
            List<FacilityView> current = reads.facilities(null, ReadModels.CURRENT, c, null);
            assertThat(current).containsExactlyElementsOf(now.facilities().values());
            List<OperationView> operations = reads.operations(null, ReadModels.CURRENT, c, null);
            assertThat(operations).containsExactlyElementsOf(now.operations().values());
        }
    }

    /**
     * Live units re-derive only what they change: a facility's population from the earliest instant
     * they touch, an operation's figures for the days they touch. Late and back-dated arrivals, one
     * unit at a time, into a facility over capacity and an operation whose transfers finish the next
     * day, must leave exactly the fold's anomalies and figures.
     */
    @Test
    void liveUnitsRederiveOnlyWhatTheyChange() throws Exception {
        Random random = new Random(17);
        Instant start = Instant.parse("2026-06-01T00:00:00Z");
        ConsistencyToken written = produce(List.of(
                envelope(random, start, new org.custodyledger.events.FacilityRegistered("f-live", "Live", "IQ", "custodian-1", 12)),
                envelope(random, start.plusSeconds(60), new org.custodyledger.events.CensusRecorded("f-live", 8, null)),
                envelope(random, start.plusSeconds(90), new org.custodyledger.events.OperationPlanned("op-live", "Live", "lead", 100, null, null))));
        assertThat(progress.awaitCovers(written, Duration.ofSeconds(60))).isTrue();
        List<Envelope> initiations = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // Mostly later than everything so far; every third one back-dated into the middle of the history.
            Instant at = i % 3 == 2 ? start.plusSeconds(3_600L * i - 5_400) : start.plusSeconds(3_600L * (i + 1));
            String id = "T-live-" + i;
            Envelope initiated = envelope(random, at, new org.custodyledger.events.TransferInitiated(id, "op-live",
                    i % 4 == 3 ? "f-live" : "f-0", i % 4 == 3 ? "f-0" : "f-live", 1 + i % 4, null));
            initiations.add(initiated);
            // Completed the next day, in a unit of its own: the operation's figures change on two days.
            written = produce(List.of(initiated));
            assertThat(progress.awaitCovers(written, Duration.ofSeconds(60))).isTrue();
            written = produce(List.of(envelope(random, at.plusSeconds(86_400 + 60), new org.custodyledger.events.TransferCompleted(id, null))));
            assertThat(progress.awaitCovers(written, Duration.ofSeconds(60))).isTrue();
        }
        // A transfer recorded in error: its entries go, and the population after it drops.
        written = produce(List.of(envelope(random, start.plusSeconds(20 * 3_600),
                new org.custodyledger.events.EventRetracted(initiations.get(4).eventId(), "recorded in error"))));
        assertThat(progress.awaitCovers(written, Duration.ofSeconds(60))).isTrue();
        List<Envelope> log = everythingInTheLog();
        try (Connection c = Schemas.connect(dataSource, Schemas.LIVE)) {
            for (Instant t : List.of(start.plusSeconds(6 * 3_600), start.plusSeconds(86_400 + 8 * 3_600), ReadModels.CURRENT)) {
                LedgerSnapshot actual = new LedgerQueries(c, t).snapshot();
                assertThat(actual.anomalies()).as("anomalies at " + t).isEqualTo(LedgerFold.at(log, t).anomalies());
                assertThat(actual.operations()).as("operations at " + t).isEqualTo(LedgerFold.at(log, t).operations());
                // At CURRENT the population sums whole days (facility_day) that the live units and the retraction changed.
                assertThat(actual.facilities()).as("facilities at " + t).isEqualTo(LedgerFold.at(log, t).facilities());
            }
            List<OperationView> current = new ReadModelService(dataSource, null, progress, null, null).operations(null, ReadModels.CURRENT, c, "op-live");
            assertThat(current).containsExactly(LedgerFold.at(log, ReadModels.CURRENT).operations().get("op-live"));
            assertThat(LedgerFold.at(log, ReadModels.CURRENT).anomalies()).as("the case has population anomalies late in the history")
                    .anyMatch(a -> a.kind() == Anomaly.Kind.ABOVE_CAPACITY && a.occurredAt().isAfter(start.plusSeconds(6 * 3_600)));
        }
    }

    @Test
    void anUndecodableRecordIsListedAndTheProjectionGoesOn() throws Exception {
        ensureTopic();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            var sent = producer.send(TestInfrastructure.signed("custody-events", "junk", "{not json".getBytes(StandardCharsets.UTF_8))).get();
            assertThat(progress.awaitCovers(ConsistencyToken.of(sent.partition(), sent.offset()), Duration.ofSeconds(60))).isTrue();
            assertThat(store.rejectedRecords(Schemas.LIVE))
                    .anySatisfy(r -> assertThat(r.offset()).isEqualTo(sent.offset()));
        }
    }

    @Test
    void aRecordThatDidNotComeThroughIngestIsNotTrusted() throws Exception {
        ensureTopic();
        Envelope census = new Envelope(java.util.UUID.randomUUID(), java.time.Instant.parse("2026-03-01T00:00:00Z"),
                java.time.Instant.parse("2026-03-01T00:00:01Z"), "mallory", org.custodyledger.events.EventTypes.CURRENT_SCHEMA_VERSION,
                new org.custodyledger.events.CensusRecorded("forged-facility", 99_999, null));
        byte[] value = EventJson.write(census);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            var unsigned = producer.send(new ProducerRecord<>("custody-events", "facility/forged-facility", value)).get();
            // Signed, then changed on the way: the signature no longer matches.
            var signed = TestInfrastructure.signed("custody-events", "facility/forged-facility", EventJson.write(census));
            byte[] changed = new String(value, StandardCharsets.UTF_8).replace("99999", "11111").getBytes(StandardCharsets.UTF_8);
            var forged = producer.send(new ProducerRecord<>("custody-events", null, signed.key(), changed, signed.headers())).get();
            assertThat(progress.awaitCovers(ConsistencyToken.of(forged.partition(), forged.offset()), Duration.ofSeconds(60))).isTrue();
            assertThat(progress.awaitCovers(ConsistencyToken.of(unsigned.partition(), unsigned.offset()), Duration.ofSeconds(60))).isTrue();
            assertThat(store.rejectedRecords(Schemas.LIVE)).anySatisfy(r -> {
                assertThat(r.offset()).isEqualTo(unsigned.offset());
                assertThat(r.reason()).contains("unsigned");
            }).anySatisfy(r -> {
                assertThat(r.offset()).isEqualTo(forged.offset());
                assertThat(r.reason()).contains("does not match");
            });
            // Neither counted: the facility has no census in the read models.
            io.restassured.RestAssured.given().get("/facilities/forged-facility").then().statusCode(404);
        }
    }

    /**
     * A facility over capacity for a long stretch: its population anomalies run across many pages
     * of history (%test history-page is 50), so a page lost or read twice changes the answer.
     */
    private static List<Envelope> overflowingFacility() {
        Instant start = Instant.parse("2026-02-01T00:00:00Z");
        Random random = new Random(3);
        List<Envelope> events = new ArrayList<>(List.of(
                envelope(random, start, new org.custodyledger.events.FacilityRegistered("f-small", "Small", "IQ", "custodian-0", 10)),
                envelope(random, start.plusSeconds(60), new org.custodyledger.events.CensusRecorded("f-small", 5, null))));
        for (int i = 0; i < 180; i++) {
            Instant at = start.plusSeconds(3_600L * (i + 1));
            String id = "T-small-" + i;
            events.add(envelope(random, at, new org.custodyledger.events.TransferInitiated(id, null, "f-0", "f-small", 1 + i % 3, null)));
            events.add(envelope(random, at.plusSeconds(600), new org.custodyledger.events.TransferCompleted(id, null)));
        }
        return events;
    }

    private static Envelope envelope(Random random, Instant at, org.custodyledger.events.CustodyEvent data) {
        return new Envelope(new java.util.UUID(random.nextLong(), random.nextLong()), at, Instant.EPOCH, "test", 1, data);
    }

    /** Every decodable event on the topic, as an auditor reading the log would find them. */
    /** What the projection trusts and can read of the shared topic: signed by ingest's key, and valid. */
    static List<Envelope> everythingInTheLog() {
        List<Envelope> events = new ArrayList<>();
        var signatures = org.custodyledger.log.RecordSignatures.Verifier.of(TestInfrastructure.signingKey().verificationEntry());
        for (var record : org.custodyledger.testing.LogReader.readAll(TestInfrastructure.bootstrapServers(), "custody-events")) {
            var decoded = UnitAssembler.decode(record.value());
            if (decoded.isValid() && signatures.problem(record.value(), record.headers()) == null) {
                events.add(decoded.value());
            }
        }
        return events;
    }

    static ConsistencyToken produce(List<Envelope> log) throws Exception {
        ensureTopic();
        TreeMap<Integer, Long> last = new TreeMap<>();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new ArrayList<>();
            for (Envelope e : log) {
                sent.add(producer.send(TestInfrastructure.signed("custody-events", e.data().subject(), EventJson.write(e))));
            }
            for (var f : sent) {
                var m = f.get();
                last.merge(m.partition(), m.offset(), Math::max);
            }
        }
        return new ConsistencyToken(last);
    }

    private static void ensureTopic() {
        TestInfrastructure.createTopic("custody-events", 6);
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", TestInfrastructure.bootstrapServers(), "acks", "all",
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class));
    }
}
