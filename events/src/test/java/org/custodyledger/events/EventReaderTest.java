package org.custodyledger.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EventReaderTest {
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) EventJson.parse(text.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode envelope(String type, String data) {
        return json("{\"type\":\"" + type + "\",\"occurredAt\":\"2026-01-21T06:00:00Z\",\"data\":" + data + "}");
    }

    static final String TRANSFER = "{\"transferId\":\"T-001\",\"operationId\":\"op-1\",\"fromFacilityId\":\"a\",\"toFacilityId\":\"b\",\"count\":10,\"breakdown\":{\"adult\":7,\"minor\":3}}";
    static final String STATEMENT = "{\"statementId\":\"S-1\",\"speaker\":\"A\",\"organization\":\"B\",\"url\":\"https://example.org/x\","
            + "\"claims\":[{\"metric\":\"TRANSFERRED_TOTAL\",\"operationId\":\"op-1\",\"qualifier\":\"ABOUT\",\"value\":3000,\"asOf\":\"2026-02-01T00:00:00Z\"}]}";

    static List<JsonNode> seedLines() {
        return org.custodyledger.testing.SharedFixtures.seedLines().stream().map(EventReaderTest::json).map(JsonNode.class::cast).toList();
    }

    static List<FieldProblem> problems(JsonNode node) {
        return EventReader.readSubmission(node, NOW).problems();
    }

    static ObjectNode with(ObjectNode envelope, Consumer<ObjectNode> change) {
        ObjectNode copy = envelope.deepCopy();
        change.accept((ObjectNode) copy.get("data"));
        return copy;
    }

    static void assertProblem(JsonNode node, String field, String messagePart) {
        assertThat(problems(node)).as(node.toString())
                .anySatisfy(p -> {
                    assertThat(p.field()).isEqualTo(field);
                    assertThat(p.message()).contains(messagePart);
                });
    }

    @Test
    void everySeedEventIsValid() {
        List<JsonNode> lines = seedLines();
        assertThat(lines).hasSize(52);
        for (JsonNode line : lines) {
            Validated<Submission> read = EventReader.readSubmission(line, NOW);
            assertThat(read.problems()).as(line.toString()).isEmpty();
            assertThat(read.value().eventId()).hasToString(line.get("eventId").asText());
        }
    }

    @Test
    void readsATransferWithItsBreakdown() {
        Submission s = EventReader.readSubmission(envelope("TransferInitiated", TRANSFER), NOW).value();
        // A v1 breakdown (cohort -> count) is upcast to v2 lines.
        assertThat(s.data()).isEqualTo(new TransferInitiated("T-001", "op-1", "a", "b", 10,
                List.of(new Cohort("adult", null, 7), new Cohort("minor", null, 3))));
        assertThat(s.eventId()).isNull();
        assertThat(s.occurredAt()).isEqualTo(Instant.parse("2026-01-21T06:00:00Z"));
    }

    @Test
    void readsAStatementWithItsClaims() {
        StatementRecorded s = (StatementRecorded) EventReader.readSubmission(envelope("StatementRecorded", STATEMENT), NOW).value().data();
        assertThat(s.claims()).containsExactly(new Claim(Claim.Metric.TRANSFERRED_TOTAL, "op-1", null, null,
                Claim.Qualifier.ABOUT, 3000, Instant.parse("2026-02-01T00:00:00Z")));
    }

    @Test
    void anEnvelopeNeedsAUuidAKnownTypeAndAPlausibleInstant() {
        ObjectNode ok = envelope("TransferInitiated", TRANSFER);
        assertThat(EventReader.readSubmission(EventJson.mapper().createArrayNode(), NOW).problems()).extracting(FieldProblem::message).containsExactly("must be a JSON object {eventId?, type, occurredAt, data}");
        assertProblem(with(ok, d -> { }).put("eventId", "not-a-uuid"), "eventId", "must be a UUID");
        assertProblem(ok.deepCopy().put("type", "TransferStarted"), "type", "unknown event type");
        assertProblem(ok.deepCopy().put("occurredAt", "2026-01-21"), "occurredAt", "ISO-8601");
        assertProblem(ok.deepCopy().put("occurredAt", "2027-01-01T00:00:00Z"), "occurredAt", "in the future");
        assertProblem(ok.deepCopy().put("occurredAt", "1850-01-01T00:00:00Z"), "occurredAt", "must not be before");
        assertProblem(ok.deepCopy().put("recordedBy", "mallory"), "recordedBy", "set by the server");
        assertProblem(ok.deepCopy().put("recordedAt", "2026-01-21T06:00:00Z"), "recordedAt", "set by the server");
        assertProblem(ok.deepCopy().put("colour", "red"), "colour", "is not a field");
        ObjectNode noData = ok.deepCopy();
        noData.remove("data");
        assertProblem(noData, "data", "is required");
        assertProblem(ok.deepCopy().put("data", 5), "data", "must be an object");
        assertThat(problems(ok)).isEmpty();
        assertThat(problems(ok.deepCopy().put("occurredAt", "2026-01-21T08:00:00+02:00"))).isEmpty();
    }

    @Test
    void aTransferNeedsAWholePositiveCountAndItsFacilities() {
        ObjectNode ok = envelope("TransferInitiated", TRANSFER);
        assertProblem(with(ok, d -> d.put("count", 0)), "data.count", "between 1");
        assertProblem(with(ok, d -> d.put("count", -5)), "data.count", "between 1");
        assertProblem(with(ok, d -> d.put("count", 1.5)), "data.count", "whole number");
        assertProblem(with(ok, d -> d.put("count", "10")), "data.count", "whole number");
        assertProblem(with(ok, d -> d.put("count", 99_999_999_999L)), "data.count", "between 1");
        assertProblem(with(ok, d -> d.remove("count")), "data.count", "is required");
        assertProblem(with(ok, d -> d.put("toFacilityId", "a")), "data.toFacilityId", "must differ");
        assertProblem(with(ok, d -> d.put("fromFacilityId", "Camp A")), "data.fromFacilityId", "slug");
        assertProblem(with(ok, d -> d.put("fromFacilityId", "a--b")), "data.fromFacilityId", "slug");
        assertProblem(with(ok, d -> d.put("operationId", "OP_1")), "data.operationId", "slug");
        assertProblem(with(ok, d -> d.put("transferId", "")), "data.transferId", "blank");
        assertProblem(with(ok, d -> d.put("transferId", "x".repeat(65))), "data.transferId", "at most 64");
        assertProblem(with(ok, d -> ((ObjectNode) d.get("breakdown")).put("minor", 4)), "data.breakdown", "add up to 11 but must add up to 10");
        assertProblem(with(ok, d -> ((ObjectNode) d.get("breakdown")).put("minor", -1)), "data.breakdown[1].count", "between 0");
        assertProblem(with(ok, d -> ((ObjectNode) d.get("breakdown")).put("bad label!", 0)), "data.breakdown[1].cohort", "cohort label");
        assertProblem(with(ok, d -> d.put("breakdown", "adult")), "data.breakdown", "must be a list");
        assertProblem(with(ok, d -> d.put("from", "a")), "data.from", "is not a field");
        assertThat(problems(with(ok, d -> d.remove("operationId")))).isEmpty();
        assertThat(problems(with(ok, d -> d.remove("breakdown")))).isEmpty();
    }

    @Test
    void aV2BreakdownSplitsCohortsByNationality() {
        ObjectNode v2 = envelope("TransferInitiated", "{\"transferId\":\"T-2\",\"fromFacilityId\":\"a\",\"toFacilityId\":\"b\",\"count\":10,"
                + "\"breakdown\":[{\"cohort\":\"adult\",\"nationality\":\"IQ\",\"count\":6},{\"cohort\":\"adult\",\"nationality\":\"SY\",\"count\":4}]}");
        TransferInitiated t = (TransferInitiated) EventReader.readSubmission(v2, NOW).value().data();
        assertThat(t.breakdown()).containsExactly(new Cohort("adult", "IQ", 6), new Cohort("adult", "SY", 4));
        ArrayNodeEdit edit = lines -> ((ObjectNode) lines.get(1)).put("nationality", "IQ");
        assertProblem(withLines(v2, edit), "data.breakdown[1].cohort", "appears twice");
        assertProblem(withLines(v2, lines -> ((ObjectNode) lines.get(0)).put("nationality", "Iraq")), "data.breakdown[0].nationality", "at most 2");
        assertProblem(withLines(v2, lines -> ((ObjectNode) lines.get(0)).put("count", 5)), "data.breakdown", "add up to 9");
        assertProblem(withLines(v2, lines -> ((ObjectNode) lines.get(0)).put("extra", 1)), "data.breakdown[0].extra", "is not a field");
    }

    interface ArrayNodeEdit {
        void apply(com.fasterxml.jackson.databind.node.ArrayNode lines);
    }

    static ObjectNode withLines(ObjectNode envelope, ArrayNodeEdit edit) {
        return with(envelope, d -> edit.apply((com.fasterxml.jackson.databind.node.ArrayNode) d.get("breakdown")));
    }

    @Test
    void facilitiesOperationsAndCensusesNeedValidCountriesAndBoundedFigures() {
        ObjectNode facility = envelope("FacilityRegistered", "{\"facilityId\":\"camp-a\",\"name\":\"Camp A\",\"country\":\"SY\",\"custodian\":\"SDF\",\"capacity\":100}");
        assertThat(problems(facility)).isEmpty();
        assertProblem(with(facility, d -> d.put("country", "XX")), "data.country", "ISO 3166-1");
        assertProblem(with(facility, d -> d.put("country", "sy")), "data.country", "ISO 3166-1");
        assertProblem(with(facility, d -> d.put("country", "SYR")), "data.country", "at most 2");
        assertProblem(with(facility, d -> d.put("capacity", 0)), "data.capacity", "between 1");
        assertProblem(with(facility, d -> d.put("name", "n".repeat(201))), "data.name", "at most 200");
        assertProblem(with(facility, d -> d.remove("custodian")), "data.custodian", "is required");
        ObjectNode operation = envelope("OperationPlanned", "{\"operationId\":\"op-1\",\"name\":\"Op\",\"lead\":\"CENTCOM\",\"plannedMax\":7000,\"fromCountry\":\"SY\",\"toCountry\":\"IQ\"}");
        assertThat(problems(operation)).isEmpty();
        assertProblem(with(operation, d -> d.put("plannedMax", -1)), "data.plannedMax", "between 1");
        assertProblem(with(operation, d -> d.put("toCountry", "Iraq")), "data.toCountry", "at most 2");
        assertProblem(with(operation, d -> d.remove("lead")), "data.lead", "is required");
        ObjectNode census = envelope("CensusRecorded", "{\"facilityId\":\"camp-a\",\"population\":0}");
        assertThat(problems(census)).isEmpty();
        assertProblem(with(census, d -> d.put("population", -1)), "data.population", "between 0");
        assertProblem(with(census, d -> d.putObject("breakdown").put("adult", 1)), "data.breakdown", "must add up to 0");
        ObjectNode custodian = envelope("CustodianChanged", "{\"facilityId\":\"camp-a\",\"custodian\":\"Iraq\"}");
        assertThat(problems(custodian)).isEmpty();
        assertProblem(with(custodian, d -> d.put("custodian", "   ")), "data.custodian", "blank");
    }

    @Test
    void finishesAndRetractionsNeedTheirCountsReasonsAndTargets() {
        ObjectNode completed = envelope("TransferCompleted", "{\"transferId\":\"T-1\",\"receivedCount\":0}");
        assertThat(problems(completed)).isEmpty();
        assertProblem(with(completed, d -> d.put("receivedCount", -1)), "data.receivedCount", "between 0");
        ObjectNode cancelled = envelope("TransferCancelled", "{\"transferId\":\"T-1\",\"reason\":\"road closed\"}");
        assertThat(problems(cancelled)).isEmpty();
        assertProblem(with(cancelled, d -> d.remove("reason")), "data.reason", "is required");
        ObjectNode retracted = envelope("EventRetracted", "{\"targetEventId\":\"" + UUID.randomUUID() + "\",\"reason\":\"typo\"}");
        assertThat(problems(retracted)).isEmpty();
        assertProblem(with(retracted, d -> d.put("targetEventId", "T-1")), "data.targetEventId", "UUID");
    }

    @Test
    void v3ACompletionMayBreakDownThoseReceivedAndAClaimMayNameACohortOrNationality() {
        ObjectNode completed = envelope("TransferCompleted", "{\"transferId\":\"T-1\",\"receivedCount\":10,"
                + "\"breakdown\":[{\"cohort\":\"adult\",\"nationality\":\"FR\",\"count\":7},{\"cohort\":\"minor\",\"count\":3}]}");
        assertThat(problems(completed)).isEmpty();
        assertThat(((TransferCompleted) EventReader.readSubmission(completed, NOW).value().data()).breakdown())
                .containsExactly(new Cohort("adult", "FR", 7), new Cohort("minor", null, 3));
        assertProblem(with(completed, d -> d.put("receivedCount", 9)), "data.breakdown", "add up to 10 but must add up to 9");
        assertProblem(with(completed, d -> ((ObjectNode) d.get("breakdown").get(0)).put("nationality", "France")), "data.breakdown[0].nationality", "at most 2 characters");
        // Without receivedCount everyone arrived: the fold checks the lines against the initiated count.
        assertThat(problems(with(completed, d -> d.remove("receivedCount")))).isEmpty();

        ObjectNode statement = envelope("StatementRecorded", STATEMENT);
        ObjectNode claim = (ObjectNode) statement.get("data").get("claims").get(0);
        claim.put("cohort", "adult").put("nationality", "FR");
        assertThat(problems(statement)).isEmpty();
        Claim read = ((StatementRecorded) EventReader.readSubmission(statement, NOW).value().data()).claims().get(0);
        assertThat(read.cohort()).isEqualTo("adult");
        assertThat(read.nationality()).isEqualTo("FR");
        claim.put("cohort", "adult fighters").put("nationality", "fr");
        assertProblem(statement, "data.claims[0].cohort", "cohort label");
        assertProblem(statement, "data.claims[0].nationality", "ISO 3166");
    }

    @Test
    void aClaimNeedsAKnownMetricAndQualifierAndExactlyOneScope() {
        ObjectNode ok = envelope("StatementRecorded", STATEMENT);
        assertThat(problems(ok)).isEmpty();
        ObjectNode claim = (ObjectNode) ok.get("data").get("claims").get(0);
        assertProblem(withClaim(ok, c -> c.put("metric", "KILLED")), "data.claims[0].metric", "must be one of");
        assertProblem(withClaim(ok, c -> c.put("qualifier", "ROUGHLY")), "data.claims[0].qualifier", "must be one of");
        assertProblem(withClaim(ok, c -> c.put("country", "IQ")), "data.claims[0].operationId", "exactly one scope");
        assertProblem(withClaim(ok, c -> c.remove("operationId")), "data.claims[0].operationId", "exactly one scope");
        assertProblem(withClaim(ok, c -> c.put("metric", "HELD")), "data.claims[0].operationId", "HELD is a population");
        assertProblem(withClaim(ok, c -> c.put("value", -3)), "data.claims[0].value", "between 0");
        assertProblem(withClaim(ok, c -> c.put("asOf", "yesterday")), "data.claims[0].asOf", "ISO-8601");
        assertProblem(withClaim(ok, c -> c.put("confidence", "high")), "data.claims[0].confidence", "is not a field");
        assertProblem(with(ok, d -> d.put("url", "javascript:alert(1)")), "data.url", "http(s) URL");
        assertProblem(with(ok, d -> d.put("claims", "many")), "data.claims", "must be a list");
        assertProblem(with(ok, d -> d.remove("claims")), "data.claims", "is required");
        assertProblem(with(ok, d -> d.putArray("claims").add(3)), "data.claims[0]", "must be an object");
        assertProblem(with(ok, d -> { var a = d.putArray("claims"); for (int i = 0; i < 51; i++) { a.add(claim.deepCopy()); } }),
                "data.claims", "at most 50");
        assertProblem(with(ok, d -> d.put("quote", "q".repeat(4001))), "data.quote", "at most 4000");
        assertThat(problems(withClaim(ok, c -> c.put("metric", "HELD").put("country", "IQ").remove("operationId")))).isEmpty();
    }

    @Test
    void reportsEveryProblemAtOnce() {
        ObjectNode bad = with(envelope("TransferInitiated", TRANSFER), d -> d.put("count", 0).put("toFacilityId", "a"));
        bad.put("eventId", "nope");
        assertThat(problems(bad)).extracting(FieldProblem::field)
                .contains("eventId", "data.count", "data.toFacilityId");
    }

    private static ObjectNode withClaim(ObjectNode envelope, Consumer<ObjectNode> change) {
        return with(envelope, d -> change.accept((ObjectNode) d.get("claims").get(0)));
    }

    @Test
    void textThatPostgresCannotStoreOrNoOperatorMeantIsRefused() {
        ObjectNode facility = envelope("FacilityRegistered", "{\"facilityId\":\"camp-a\",\"name\":\"Camp A\",\"country\":\"SY\",\"custodian\":\"SDF\"}");
        assertThat(problems(facility)).isEmpty();
        assertProblem(with(facility, d -> d.put("name", "Camp\u0000A")), "data.name", "control character U+0000");
        assertProblem(with(facility, d -> d.put("name", "Camp\u001bA")), "data.name", "control character U+001B");
        assertProblem(with(facility, d -> d.put("name", "Camp\tA")), "data.name", "control character U+0009");
        assertProblem(with(facility, d -> d.put("custodian", "SDF\ud800")), "data.custodian", "unpaired surrogate U+D800");
        assertProblem(with(facility, d -> d.put("custodian", "\udc00SDF")), "data.custodian", "unpaired surrogate U+DC00");
        assertProblem(with(facility, d -> d.put("name", "\ufeffCamp")), "data.name", "byte-order mark");
        assertThat(problems(with(facility, d -> d.put("name", "Camp \ud83c\udfd5 A")))).as("a paired surrogate is a real character").isEmpty();
        // Free text is trimmed; ids, types and timestamps must be exact.
        assertThat(((FacilityRegistered) EventReader.readSubmission(with(facility, d -> d.put("name", "  Camp A ")), NOW).value().data()).name())
                .isEqualTo("Camp A");
        assertProblem(with(facility, d -> d.put("facilityId", " camp-a")), "data.facilityId", "must not start or end with whitespace");
        assertProblem(with(facility, d -> d.put("country", "SY ")), "data.country", "must not start or end with whitespace");
        ObjectNode spacedType = facility.deepCopy().put("type", "FacilityRegistered ");
        assertProblem(spacedType, "type", "must not start or end with whitespace");
        ObjectNode spacedTime = facility.deepCopy().put("occurredAt", " 2026-01-21T06:00:00Z");
        assertProblem(spacedTime, "occurredAt", "must not start or end with whitespace");
        ObjectNode spacedId = facility.deepCopy().put("eventId", "5b12d6e2-aaee-5c40-9f45-d029c42e9c3f ");
        assertProblem(spacedId, "eventId", "must not start or end with whitespace");
    }

    @Test
    void aQuoteKeepsItsLineBreaksButNoOtherControlCharacter() {
        ObjectNode ok = envelope("StatementRecorded", STATEMENT);
        ObjectNode multiline = with(ok, d -> d.put("quote", "first line\n\tsecond line"));
        assertThat(problems(multiline)).isEmpty();
        assertThat(((StatementRecorded) EventReader.readSubmission(multiline, NOW).value().data()).quote()).isEqualTo("first line\n\tsecond line");
        assertProblem(with(ok, d -> d.put("quote", "a\r\nb")), "data.quote", "only tab and newline are allowed in a quote");
        assertProblem(with(ok, d -> d.put("quote", "a\u0000b")), "data.quote", "U+0000");
        assertProblem(with(ok, d -> d.put("speaker", "A\nB")), "data.speaker", "U+000A");
    }

    @Test
    void claimsAreRequiredAndTheirAsOfHasTheLimitsOfOccurredAt() {
        ObjectNode ok = envelope("StatementRecorded", STATEMENT);
        assertProblem(with(ok, d -> d.putArray("claims")), "data.claims", "at least 1 item");
        for (String asOf : List.of("9999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "2026-11-25T12:06:00Z")) {
            assertProblem(with(ok, d -> ((ObjectNode) d.get("claims").get(0)).put("asOf", asOf)), "data.claims[0].asOf", "in the future");
        }
        assertProblem(with(ok, d -> ((ObjectNode) d.get("claims").get(0)).put("asOf", "1899-12-31T23:59:59Z")), "data.claims[0].asOf", "must not be before");
        assertThat(problems(with(ok, d -> ((ObjectNode) d.get("claims").get(0)).put("asOf", "2026-11-25T12:04:00Z")))).isEmpty();
    }

    @Test
    void bytesThatAreNotStrictUtf8AreRefusedBeforeParsing() {
        byte[] ok = "{\"a\":\"\u00e9\u20ac\ud83c\udfd5\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.problem(ok)).isNull();
        assertThat(Utf8.problem(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'})).contains("byte-order mark");
        for (byte[] bad : List.of(new byte[] {'"', (byte) 0xFF, '"'}, new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'},
                new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, new byte[] {'"', (byte) 0xE2, (byte) 0x82},
                new byte[] {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'})) {
            assertThat(Utf8.problem(bad)).as(java.util.Arrays.toString(bad)).contains("not valid UTF-8");
        }
        assertThat(Utf8.problem("{\"a\":1}".getBytes(StandardCharsets.UTF_16LE))).contains("NUL byte", "UTF-16");
        assertThat(Utf8.problem(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'})).contains("byte 1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventJson.parse("{\"a\":1}".getBytes(StandardCharsets.UTF_16)))
                .isInstanceOf(java.io.CharConversionException.class);
    }

    @Test
    void aStoredRecordWithUnstorableTextIsRejectedToo() {
        Envelope stored = new Envelope(UUID.randomUUID(), Instant.parse("2026-01-21T06:00:00Z"), NOW, "operator", EventTypes.CURRENT_SCHEMA_VERSION,
                new FacilityRegistered("camp-a", "Camp\u0000A", "SY", "SDF", null));
        Validated<Envelope> read = EventReader.readStored(EventJson.toTree(stored));
        assertThat(read.isValid()).isFalse();
        assertThat(read.problems()).anySatisfy(p -> assertThat(p.field()).isEqualTo("data.name"));
    }
}
