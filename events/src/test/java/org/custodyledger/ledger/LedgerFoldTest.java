package org.custodyledger.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.custodyledger.events.CensusRecorded;
import org.custodyledger.events.Claim;
import org.custodyledger.events.CustodianChanged;
import org.custodyledger.events.CustodyEvent;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventJson;
import org.custodyledger.events.EventReader;
import org.custodyledger.events.EventRetracted;
import org.custodyledger.events.FacilityRegistered;
import org.custodyledger.events.OperationPlanned;
import org.custodyledger.events.StatementRecorded;
import org.custodyledger.events.TransferCancelled;
import org.custodyledger.events.TransferCompleted;
import org.custodyledger.events.TransferInitiated;
import org.custodyledger.testing.SharedFixtures;
import org.junit.jupiter.api.Test;

class LedgerFoldTest {
    static final Instant END = Instant.parse("2030-01-01T00:00:00Z");
    private int sequence;

    Envelope at(String time, CustodyEvent data) {
        return new Envelope(new UUID(0, ++sequence), Instant.parse(time), Instant.EPOCH, "test", 1, data);
    }

    static List<Envelope> seed() {
        List<Envelope> events = new ArrayList<>();
        for (String line : SharedFixtures.seedLines()) {
            try {
                JsonNode json = EventJson.parse(line.getBytes());
                events.add(EventReader.readSubmission(json, END).value().record(UUID.randomUUID(), Instant.EPOCH, "seed"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return events;
    }

    @Test
    void aFacilitysLocationIsItsLatestUnretractedOneAfterItsRegistration() {
        List<Envelope> log = LogGenerator.generate(11, 600);
        LedgerSnapshot end = LedgerFold.at(log, Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(end.facilities().get("f-0").location()).as("moved").isEqualTo(new FacilityView.Location(36.4, 40.75));
        assertThat(end.facilities().get("f-1").location()).as("its move retracted").isEqualTo(new FacilityView.Location(33.3, 44.4));
        assertThat(end.facilities().get("f-2").location()).isNull();
        assertThat(end.facilities().get("f-late").location()).as("located before it was registered").isNull();
        assertThat(end.anomalies()).anySatisfy(a -> {
            assertThat(a.kind()).isEqualTo(Anomaly.Kind.UNKNOWN_FACILITY);
            assertThat(a.subject()).isEqualTo("facility/f-late");
            assertThat(a.occurredAt()).isEqualTo(Instant.parse("2026-01-01T00:00:05Z"));
        });
        assertThat(LedgerFold.at(log, Instant.parse("2026-01-01T12:00:00Z")).facilities().get("f-0").location()).as("not yet located").isNull();
    }

    @Test
    void theSeedCaseGivesTheExpectedFigures() throws Exception {
        JsonNode expected = EventJson.parse(SharedFixtures.expectedJson().getBytes());
        List<Envelope> seed = seed();
        assertThat(seed).hasSize(expected.get("events").asInt());
        LedgerSnapshot now = LedgerFold.at(seed, END);
        JsonNode op = expected.get("operation");
        OperationView operation = now.operations().get(op.get("operationId").asText());
        assertThat(operation.plannedMax()).isEqualTo(op.get("plannedMax").asInt());
        assertThat(operation.initiated()).isEqualTo(op.get("initiated").asLong());
        assertThat(operation.received()).isEqualTo(op.get("received").asLong());
        assertThat(operation.inTransit()).isEqualTo(op.get("inTransit").asLong());
        assertThat(operation.cancelled()).isEqualTo(op.get("cancelled").asLong());
        assertThat(operation.lost()).isEqualTo(op.get("lost").asLong());
        expected.get("facilities").fields().forEachRemaining(f -> {
            FacilityView view = now.facilities().get(f.getKey());
            assertThat(view.population()).isNull();
            assertThat(f.getValue().get("population").isNull()).isTrue();
            assertThat(view.netChange()).isEqualTo(f.getValue().get("netChange").asLong());
        });
        for (String instant : List.of("2026-02-01T00:00:00Z", "2026-01-25T10:00:00Z")) {
            JsonNode then = expected.get("asOf_" + instant);
            OperationView past = LedgerFold.at(seed, Instant.parse(instant)).operations().get(operation.operationId());
            assertThat(past.received()).isEqualTo(then.get("operation_received").asLong());
            assertThat(past.inTransit()).isEqualTo(then.get("operation_inTransit").asLong());
        }
        expected.get("reconciliation").fields().forEachRemaining(v -> assertThat(now.statements().stream()
                .filter(s -> s.statement().statementId().equals(v.getKey())).findFirst().orElseThrow()
                .checks().get(0).verdict().name()).isEqualTo(v.getValue().asText()));
        assertThat(now.anomalies()).isEmpty();
    }

    @Test
    void anyArrivalOrderOfTheSeedGivesTheSameSnapshot() {
        List<Envelope> seed = seed();
        LedgerSnapshot reference = LedgerFold.at(seed, END);
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            List<Envelope> shuffled = new ArrayList<>(seed);
            Collections.shuffle(shuffled, random);
            assertThat(LedgerFold.at(shuffled, END)).isEqualTo(reference);
        }
        List<Envelope> twice = new ArrayList<>(seed);
        twice.addAll(seed);
        assertThat(LedgerFold.at(twice, END)).isEqualTo(reference);
    }

    @Test
    void anyArrivalOrderOfAGeneratedLogGivesTheSameSnapshot() {
        List<Envelope> log = LogGenerator.generate(7, 3_000);
        Instant middle = Instant.parse("2026-03-01T00:00:00Z");
        LedgerSnapshot reference = LedgerFold.at(log, END);
        LedgerSnapshot referenceMiddle = LedgerFold.at(log, middle);
        assertThat(reference.operations()).hasSizeGreaterThan(2);
        assertThat(reference.anomalies()).extracting(Anomaly::kind).contains(Anomaly.Kind.LOST_IN_TRANSIT);
        Random random = new Random(7);
        for (int i = 0; i < 5; i++) {
            List<Envelope> shuffled = new ArrayList<>(log);
            Collections.shuffle(shuffled, random);
            assertThat(LedgerFold.at(shuffled, END)).isEqualTo(reference);
            assertThat(LedgerFold.at(shuffled, middle)).isEqualTo(referenceMiddle);
        }
        reference.operations().values().forEach(o ->
                assertThat(o.initiated()).isEqualTo(o.received() + o.lost() + o.cancelled() + o.inTransit()));
    }

    @Test
    void theDigestDependsOnTheLedgerNotOnArrivalOrder() {
        List<Envelope> log = LogGenerator.generate(3, 1_000);
        String digest = LedgerDigest.of(LedgerFold.at(log, END));
        assertThat(digest).hasSize(64);
        List<Envelope> shuffled = new ArrayList<>(log);
        Collections.shuffle(shuffled, new Random(3));
        assertThat(LedgerDigest.of(LedgerFold.at(shuffled, END))).isEqualTo(digest);
        assertThat(LedgerDigest.of(LedgerFold.at(log.subList(0, log.size() - 1), END))).isNotEqualTo(digest);
    }

    @Test
    void populationComesFromTheLatestCensusPlusLaterEntries() {
        List<Envelope> log = List.of(
                at("2026-01-01T00:00:00Z", new FacilityRegistered("a", "A", "SY", "SDF", 100)),
                at("2026-01-01T00:00:00Z", new FacilityRegistered("b", "B", "IQ", "Iraq", null)),
                at("2026-01-02T00:00:00Z", new TransferInitiated("T1", null, "a", "b", 10, null)),
                at("2026-01-03T00:00:00Z", new CensusRecorded("a", 50, null)),
                at("2026-01-04T00:00:00Z", new TransferInitiated("T2", null, "a", "b", 5, null)),
                at("2026-01-05T00:00:00Z", new TransferCompleted("T2", 4)));
        LedgerSnapshot s = LedgerFold.at(log, END);
        assertThat(s.facilities().get("a").population()).isEqualTo(45L);
        assertThat(s.facilities().get("a").netChange()).isEqualTo(-15);
        assertThat(s.facilities().get("b").population()).isNull();
        assertThat(s.facilities().get("b").netChange()).isEqualTo(4);
        assertThat(LedgerFold.at(log, Instant.parse("2026-01-02T12:00:00Z")).facilities().get("a").population()).isNull();
        assertThat(s.anomalies()).extracting(Anomaly::kind).containsExactly(Anomaly.Kind.LOST_IN_TRANSIT);
        // In transit outside an operation: held by the origin's custodian.
        assertThat(s.byCustodian().get("SDF").inTransit()).isEqualTo(10);
        assertThat(s.inTransit()).isEqualTo(10);
    }

    @Test
    void inTransitIsHeldByTheLeadAndCustodyFollowsCustodianChanges() {
        List<Envelope> log = List.of(
                at("2026-01-01T00:00:00Z", new FacilityRegistered("a", "A", "SY", "SDF", null)),
                at("2026-01-01T00:00:00Z", new FacilityRegistered("b", "B", "IQ", "Iraq", null)),
                at("2026-01-01T00:00:00Z", new OperationPlanned("op", "Op", "CENTCOM", 100, "SY", "IQ")),
                at("2026-01-02T00:00:00Z", new TransferInitiated("T1", "op", "a", "b", 10, null)),
                at("2026-01-03T00:00:00Z", new CustodianChanged("a", "Damascus")));
        LedgerSnapshot s = LedgerFold.at(log, END);
        assertThat(s.byCustodian().get("CENTCOM").inTransit()).isEqualTo(10);
        assertThat(s.byCustodian()).containsKey("Damascus").doesNotContainKey("SDF");
        assertThat(LedgerFold.at(log, Instant.parse("2026-01-02T00:00:00Z")).byCustodian()).containsKey("SDF");
        assertThat(s.byCountry().get("SY").netChange()).isEqualTo(-10);
    }

    @Test
    void aCancellationReturnsTheWholeCountAndLaterFinishesAreAnomalies() {
        List<Envelope> log = List.of(
                at("2026-01-01T00:00:00Z", new FacilityRegistered("a", "A", "SY", "SDF", null)),
                at("2026-01-01T00:00:00Z", new FacilityRegistered("b", "B", "IQ", "Iraq", null)),
                at("2026-01-01T00:00:00Z", new OperationPlanned("op", "Op", "CENTCOM", null, null, null)),
                at("2026-01-02T00:00:00Z", new TransferInitiated("T1", "op", "a", "b", 10, null)),
                at("2026-01-03T00:00:00Z", new TransferCancelled("T1", "road closed")),
                at("2026-01-04T00:00:00Z", new TransferCompleted("T1", null)),
                at("2026-01-05T00:00:00Z", new TransferInitiated("T1", "op", "a", "b", 3, null)));
        LedgerSnapshot s = LedgerFold.at(log, END);
        assertThat(s.facilities().get("a").netChange()).isZero();
        assertThat(s.facilities().get("b").netChange()).isZero();
        assertThat(s.operations().get("op").cancelled()).isEqualTo(10);
        assertThat(s.transfers().get("T1").status()).isEqualTo(TransferView.CANCELLED);
        assertThat(s.anomalies()).extracting(Anomaly::kind)
                .containsExactly(Anomaly.Kind.TRANSFER_ALREADY_FINISHED, Anomaly.Kind.DUPLICATE_TRANSFER);
    }

    @Test
    void aCompletionTimedBeforeItsInitiationHasNoEffect() {
        List<Envelope> log = List.of(
                at("2026-01-01T00:00:00Z", new FacilityRegistered("a", "A", "SY", "SDF", null)),
                at("2026-01-01T00:00:00Z", new FacilityRegistered("b", "B", "IQ", "Iraq", null)),
                at("2026-01-02T00:00:00Z", new TransferCompleted("T1", null)),
                at("2026-01-03T00:00:00Z", new TransferInitiated("T1", null, "a", "b", 10, null)));
        LedgerSnapshot s = LedgerFold.at(log, END);
        assertThat(s.transfers().get("T1").status()).isEqualTo(TransferView.IN_TRANSIT);
        assertThat(s.anomalies()).extracting(Anomaly::kind).containsExactly(Anomaly.Kind.UNKNOWN_TRANSFER);
    }

    @Test
    void aRetractionRemovesItsTargetEverywhereAndTakesTheTransferWithIt() {
        Envelope registerA = at("2026-01-01T00:00:00Z", new FacilityRegistered("a", "A", "SY", "SDF", null));
        Envelope registerB = at("2026-01-01T00:00:00Z", new FacilityRegistered("b", "B", "IQ", "Iraq", null));
        Envelope initiated = at("2026-01-02T00:00:00Z", new TransferInitiated("T1", null, "a", "b", 10, null));
        Envelope completed = at("2026-01-03T00:00:00Z", new TransferCompleted("T1", null));
        Envelope retraction = at("2026-01-04T00:00:00Z", new EventRetracted(initiated.eventId(), "wrong count"));
        Envelope unknown = at("2026-01-05T00:00:00Z", new EventRetracted(UUID.randomUUID(), "typo"));
        Envelope ofRetraction = at("2026-01-06T00:00:00Z", new EventRetracted(retraction.eventId(), "undo"));
        LedgerSnapshot s = LedgerFold.at(List.of(ofRetraction, unknown, retraction, completed, initiated, registerB, registerA), END);
        assertThat(s.transfers()).isEmpty();
        assertThat(s.facilities().get("a").netChange()).isZero();
        assertThat(s.facilities().get("b").netChange()).isZero();
        assertThat(s.anomalies()).extracting(Anomaly::kind).containsExactly(Anomaly.Kind.UNKNOWN_TRANSFER,
                Anomaly.Kind.UNKNOWN_RETRACTION_TARGET, Anomaly.Kind.RETRACTION_OF_RETRACTION);
    }

    @Test
    void aPopulationOutOfBoundsAndUnknownReferencesAreAnomaliesOrderedByKindWithinAnEvent() {
        List<Envelope> log = List.of(
                at("2026-01-01T00:00:00Z", new FacilityRegistered("a", "A", "SY", "SDF", 5)),
                at("2026-01-02T00:00:00Z", new CensusRecorded("a", 6, null)),
                at("2026-01-03T00:00:00Z", new TransferInitiated("T1", "ghost-op", "a", "nowhere", 10, null)),
                at("2026-01-04T00:00:00Z", new CensusRecorded("elsewhere", 1, null)));
        assertThat(LedgerFold.at(log, END).anomalies()).extracting(Anomaly::kind).containsExactly(
                // within one event, ordered by kind
                Anomaly.Kind.ABOVE_CAPACITY, Anomaly.Kind.NEGATIVE_POPULATION, Anomaly.Kind.UNKNOWN_FACILITY,
                Anomaly.Kind.UNKNOWN_OPERATION, Anomaly.Kind.UNKNOWN_FACILITY);
    }

    @Test
    void eachQualifierJudgesAFigureWithItsOwnTolerance() {
        assertThat(Verdict.judge(Claim.Qualifier.EXACT, 10, 10)).isEqualTo(Verdict.CONSISTENT);
        assertThat(Verdict.judge(Claim.Qualifier.EXACT, 10, 11)).isEqualTo(Verdict.INCONSISTENT);
        assertThat(Verdict.judge(Claim.Qualifier.ABOUT, 3000, 3300)).isEqualTo(Verdict.CONSISTENT);
        assertThat(Verdict.judge(Claim.Qualifier.ABOUT, 3000, 2700)).isEqualTo(Verdict.CONSISTENT);
        assertThat(Verdict.judge(Claim.Qualifier.ABOUT, 3000, 3301)).isEqualTo(Verdict.INCONSISTENT);
        assertThat(Verdict.judge(Claim.Qualifier.ABOUT, 3000, 5704)).isEqualTo(Verdict.INCONSISTENT);
        assertThat(Verdict.judge(Claim.Qualifier.AT_LEAST, 10, 10)).isEqualTo(Verdict.CONSISTENT);
        assertThat(Verdict.judge(Claim.Qualifier.AT_LEAST, 10, 9)).isEqualTo(Verdict.INCONSISTENT);
        assertThat(Verdict.judge(Claim.Qualifier.MORE_THAN, 5700, 5704)).isEqualTo(Verdict.CONSISTENT);
        assertThat(Verdict.judge(Claim.Qualifier.MORE_THAN, 5700, 5700)).isEqualTo(Verdict.INCONSISTENT);
        assertThat(Verdict.judge(Claim.Qualifier.AT_MOST, 10, 10)).isEqualTo(Verdict.CONSISTENT);
        assertThat(Verdict.judge(Claim.Qualifier.AT_MOST, 10, 11)).isEqualTo(Verdict.INCONSISTENT);
        assertThat(Verdict.judge(Claim.Qualifier.UP_TO, 7000, 0)).isEqualTo(Verdict.CONSISTENT);
        assertThat(Verdict.judge(Claim.Qualifier.UP_TO, 7000, 7001)).isEqualTo(Verdict.INCONSISTENT);
    }

    @Test
    void aClaimOnEachScopeAndMetricIsJudgedAgainstTheLedgerAtItsAsOf() {
        List<Envelope> log = new ArrayList<>(List.of(
                at("2026-01-01T00:00:00Z", new FacilityRegistered("a", "A", "SY", "SDF", null)),
                at("2026-01-01T00:00:00Z", new FacilityRegistered("b", "B", "IQ", "Iraq", null)),
                at("2026-01-01T00:00:00Z", new CensusRecorded("a", 100, null)),
                at("2026-01-02T00:00:00Z", new TransferInitiated("T1", null, "a", "b", 10, null)),
                at("2026-01-03T00:00:00Z", new TransferCompleted("T1", null))));
        log.add(at("2026-01-04T00:00:00Z", new StatementRecorded("S", "x", null, "y", null, null, null, null, List.of(
                new Claim(Claim.Metric.TRANSFERRED_TOTAL, null, "b", null, Claim.Qualifier.EXACT, 10, null),
                new Claim(Claim.Metric.TRANSFERRED_TOTAL, null, null, "IQ", Claim.Qualifier.AT_LEAST, 11, null),
                new Claim(Claim.Metric.TRANSFERRED_TOTAL, null, null, "FR", Claim.Qualifier.EXACT, 0, null),
                new Claim(Claim.Metric.TRANSFERRED_TOTAL, "op", null, null, Claim.Qualifier.EXACT, 0, null),
                new Claim(Claim.Metric.HELD, null, "a", null, Claim.Qualifier.EXACT, 90, null),
                new Claim(Claim.Metric.HELD, null, "b", null, Claim.Qualifier.EXACT, 10, null),
                new Claim(Claim.Metric.HELD, null, null, "SY", Claim.Qualifier.ABOUT, 100, null),
                new Claim(Claim.Metric.TRANSFERRED_TOTAL, null, "b", null, Claim.Qualifier.EXACT, 0,
                        Instant.parse("2026-01-02T12:00:00Z"))))));
        List<ClaimCheck> checks = LedgerFold.at(log, END).statements().get(0).checks();
        assertThat(checks).extracting(ClaimCheck::verdict).containsExactly(Verdict.CONSISTENT, Verdict.INCONSISTENT,
                Verdict.UNVERIFIABLE, Verdict.UNVERIFIABLE, Verdict.CONSISTENT, Verdict.UNVERIFIABLE,
                Verdict.CONSISTENT, Verdict.CONSISTENT);
        assertThat(checks.get(5).why()).contains("no census baseline");
        assertThat(checks.get(2).ledgerValue()).isNull();
    }

    @Test
    void everySavedSampleOfEveryTypeIsFoldedAndChangesTheReadModels() throws Exception {
        java.util.Set<String> types = new java.util.TreeSet<>();
        String nothing = LedgerDigest.of(LedgerFold.at(List.of(), Instant.parse("2100-01-01T00:00:00Z")));
        for (java.nio.file.Path sample : savedSamples()) {
            org.custodyledger.events.Validated<Envelope> read = org.custodyledger.events.EventReader.readStored(
                    org.custodyledger.events.EventJson.parse(java.nio.file.Files.readAllBytes(sample)));
            assertThat(read.problems()).as(sample.toString()).isEmpty();
            types.add(read.value().type());
            // Alone, every event leaves a mark: a facility, an operation, a statement, or an anomaly about what it names.
            String folded = LedgerDigest.of(LedgerFold.at(List.of(read.value()), Instant.parse("2100-01-01T00:00:00Z")));
            assertThat(folded).as(sample + " changes the read models").isNotEqualTo(nothing);
        }
        assertThat(types).containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(CustodyEvent.class.getPermittedSubclasses())
                .map(c -> org.custodyledger.events.EventTypes.nameOf(c)).toList());
    }

    /** Every saved record of every schema version (events/src/test/resources/samples). */
    static List<java.nio.file.Path> savedSamples() throws java.io.IOException {
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/test/resources/samples"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

}
