package org.custodyledger.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets a 4xx problem document naming what is wrong, and the log stays as it was. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class BadInputCorpusIT {
    record Bad(String path, String contentType, byte[] body, String expectedField) {
    }

    static final String OK_DATA = "{\"transferId\":\"T-9\",\"fromFacilityId\":\"a\",\"toFacilityId\":\"b\",\"count\":5}";

    static String event(String type, String occurredAt, String data) {
        return "{\"type\":\"" + type + "\",\"occurredAt\":\"" + occurredAt + "\",\"data\":" + data + "}";
    }

    static String transfer(String data) {
        return event("TransferInitiated", "2026-01-21T06:00:00Z", data);
    }

    static String claim(String claim) {
        return event("StatementRecorded", "2026-02-01T00:00:00Z",
                "{\"statementId\":\"S-1\",\"speaker\":\"A\",\"organization\":\"B\",\"claims\":[" + claim + "]}");
    }

    static List<Bad> corpus() {
        List<Bad> c = new ArrayList<>();
        // malformed JSON
        for (String body : List.of("", " ", "{", "}", "{\"type\":", "nul", "{'type':'x'}", "{\"type\":\"TransferInitiated\",}",
                "{\"a\":1,\"a\":2}", "\u0000\u0001", "[1,2", "{\"type\":\"TransferInitiated\"} trailing")) {
            c.add(new Bad("/events", "application/json", body.getBytes(StandardCharsets.UTF_8), null));
        }
        // wrong shapes and types
        for (String body : List.of("[]", "42", "\"event\"", "null", "true",
                "{\"type\":5,\"occurredAt\":\"2026-01-21T06:00:00Z\",\"data\":{}}",
                "{\"type\":\"TransferInitiated\",\"occurredAt\":20260121,\"data\":" + OK_DATA + "}",
                "{\"type\":\"TransferInitiated\",\"occurredAt\":\"2026-01-21T06:00:00Z\",\"data\":[]}",
                "{\"type\":\"TransferInitiated\",\"occurredAt\":\"2026-01-21T06:00:00Z\"}",
                "{\"occurredAt\":\"2026-01-21T06:00:00Z\",\"data\":" + OK_DATA + "}",
                "{\"type\":\"TransferInitiated\",\"data\":" + OK_DATA + "}")) {
            c.add(new Bad("/events", "application/json", body.getBytes(StandardCharsets.UTF_8), null));
        }
        // unknown type, bad enums, bad UUIDs, bad dates
        c.add(bad(event("TransferStarted", "2026-01-21T06:00:00Z", OK_DATA), "type"));
        c.add(bad(event("transferinitiated", "2026-01-21T06:00:00Z", OK_DATA), "type"));
        c.add(bad(claim("{\"metric\":\"KILLED\",\"operationId\":\"op\",\"qualifier\":\"EXACT\",\"value\":1}"), "data.claims[0].metric"));
        c.add(bad(claim("{\"metric\":\"HELD\",\"country\":\"IQ\",\"qualifier\":\"ROUGHLY\",\"value\":1}"), "data.claims[0].qualifier"));
        c.add(bad(claim("{\"metric\":\"held\",\"country\":\"IQ\",\"qualifier\":\"EXACT\",\"value\":1}"), "data.claims[0].metric"));
        c.add(bad(transfer(OK_DATA).replace("{\"type\"", "{\"eventId\":\"123\",\"type\""), "eventId"));
        c.add(bad(transfer(OK_DATA).replace("{\"type\"", "{\"eventId\":\"5b12d6e2-aaee-5c40-9f45\",\"type\""), "eventId"));
        c.add(bad(transfer(OK_DATA).replace("{\"type\"", "{\"eventId\":42,\"type\""), "eventId"));
        c.add(bad(event("EventRetracted", "2026-01-21T06:00:00Z", "{\"targetEventId\":\"zzzzzzzz-aaee-5c40-9f45-d029c42e9c3f\",\"reason\":\"x\"}"), "data.targetEventId"));
        for (String date : List.of("2026-01-21", "21/01/2026", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                "2026-01-21T25:00:00Z", "2026-01-21T06:00:00", "2999-01-01T00:00:00Z", "1066-10-14T09:00:00Z", "now")) {
            c.add(bad(event("TransferInitiated", date, OK_DATA), "occurredAt"));
        }
        c.add(bad(claim("{\"metric\":\"HELD\",\"country\":\"IQ\",\"qualifier\":\"EXACT\",\"value\":1,\"asOf\":\"soon\"}"), "data.claims[0].asOf"));
        // counts
        for (String count : List.of("0", "-1", "-5704", "1.5", "\"10\"", "1e3", "null", "99999999999", "true")) {
            c.add(bad(transfer(OK_DATA.replace("\"count\":5", "\"count\":" + count)), "data.count"));
        }
        c.add(bad(event("CensusRecorded", "2026-01-21T06:00:00Z", "{\"facilityId\":\"a\",\"population\":-1}"), "data.population"));
        c.add(bad(event("TransferCompleted", "2026-01-21T06:00:00Z", "{\"transferId\":\"T-1\",\"receivedCount\":-2}"), "data.receivedCount"));
        c.add(bad(event("FacilityRegistered", "2026-01-21T06:00:00Z", "{\"facilityId\":\"a\",\"name\":\"A\",\"country\":\"ZZ\",\"custodian\":\"c\",\"capacity\":0}"), "data.country"));
        // rules across fields
        c.add(bad(transfer(OK_DATA.replace("\"toFacilityId\":\"b\"", "\"toFacilityId\":\"a\"")), "data.toFacilityId"));
        c.add(bad(transfer(OK_DATA.replace("\"count\":5", "\"count\":5,\"breakdown\":{\"adult\":4}")), "data.breakdown"));
        c.add(bad(transfer(OK_DATA.replace("\"count\":5", "\"count\":5,\"sneaky\":1")), "data.sneaky"));
        c.add(bad(claim("{\"metric\":\"HELD\",\"operationId\":\"op\",\"qualifier\":\"EXACT\",\"value\":1}"), "data.claims[0].operationId"));
        c.add(bad(claim("{\"metric\":\"HELD\",\"qualifier\":\"EXACT\",\"value\":1}"), "data.claims[0].operationId"));
        c.add(bad(transfer(OK_DATA).replace("{\"type\"", "{\"recordedBy\":\"mallory\",\"type\""), "recordedBy"));
        // a batch: bad items, duplicate eventIds, empty, not a list
        String id = "\"eventId\":\"11111111-2222-4333-8444-555555555555\",";
        c.add(new Bad("/events/batch", "application/json", ("[" + transfer(OK_DATA) + ",{\"type\":\"Nope\"}]").getBytes(StandardCharsets.UTF_8), "type"));
        c.add(new Bad("/events/batch", "application/json", ("[" + transfer(OK_DATA).replace("{\"type\"", "{" + id + "\"type\"") + ","
                + transfer(OK_DATA).replace("{\"type\"", "{" + id + "\"type\"") + "]").getBytes(StandardCharsets.UTF_8), "eventId"));
        c.add(new Bad("/events/batch", "application/json", "[]".getBytes(StandardCharsets.UTF_8), "body"));
        c.add(new Bad("/events/batch", "application/x-ndjson", (transfer(OK_DATA) + "\n{oops\n").getBytes(StandardCharsets.UTF_8), "body"));
        // text PostgreSQL cannot store or no operator means, and bytes that are not UTF-8
        String facility = "{\"facilityId\":\"camp-a\",\"name\":\"NAME\",\"country\":\"SY\",\"custodian\":\"SDF\"}";
        for (String name : List.of("Camp\\u0000A", "Camp\\u0007A", "Camp\\tA", "Camp\\nA", "Camp\\ud800", "\\udc00Camp", "\\ufeffCamp")) {
            c.add(bad(event("FacilityRegistered", "2026-01-21T06:00:00Z", facility.replace("NAME", name)), "data.name"));
        }
        c.add(bad(claim("{\"metric\":\"HELD\",\"country\":\"IQ\",\"qualifier\":\"EXACT\",\"value\":1}")
                .replace("\"speaker\":\"A\"", "\"speaker\":\"A\",\"quote\":\"a\\u0000b\""), "data.quote"));
        byte[] valid = event("FacilityRegistered", "2026-01-21T06:00:00Z", facility.replace("NAME", "Caf\u00e9")).getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[valid.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(valid, 0, withBom, 3, valid.length);
        c.add(new Bad("/events", "application/json", withBom, "body"));
        c.add(new Bad("/events", "application/json", new String(valid, StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1), "body"));
        c.add(new Bad("/events", "application/json", new String(valid, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16), "body"));
        c.add(new Bad("/events/batch", "application/x-ndjson", (transfer(OK_DATA) + "\n" + new String(valid, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.ISO_8859_1), "body"));
        c.add(bad(event("TransferInitiated ", "2026-01-21T06:00:00Z", OK_DATA), "type"));
        c.add(bad(event("TransferInitiated", "2026-01-21T06:00:00Z ", OK_DATA), "occurredAt"));
        c.add(bad(transfer(OK_DATA.replace("\"T-9\"", "\" T-9\"")), "data.transferId"));
        c.add(bad(transfer(OK_DATA.replace("\"a\"", "\"a \"")), "data.fromFacilityId"));
        c.add(bad(transfer(OK_DATA).replace("{\"type\"", "{\"eventId\":\" 5b12d6e2-aaee-5c40-9f45-d029c42e9c3f\",\"type\""), "eventId"));
        for (String asOf : List.of("9999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "1066-10-14T09:00:00Z")) {
            c.add(bad(claim("{\"metric\":\"HELD\",\"country\":\"IQ\",\"qualifier\":\"EXACT\",\"value\":1,\"asOf\":\"" + asOf + "\"}"),
                    "data.claims[0].asOf"));
        }
        c.add(bad(event("StatementRecorded", "2026-02-01T00:00:00Z", "{\"statementId\":\"S-1\",\"speaker\":\"A\",\"organization\":\"B\",\"claims\":[]}"),
                "data.claims"));
        // sizes and media types
        c.add(new Bad("/events", "application/json", transfer(OK_DATA.replace("T-9", "x".repeat(300_000))).getBytes(StandardCharsets.UTF_8), "body"));
        c.add(new Bad("/events/batch", "application/json", ("[" + (transfer(OK_DATA) + ",").repeat(70_000) + transfer(OK_DATA) + "]").getBytes(StandardCharsets.UTF_8), "body"));
        c.add(new Bad("/events", "text/plain", transfer(OK_DATA).getBytes(StandardCharsets.UTF_8), "Content-Type"));
        c.add(new Bad("/events", "application/xml", "<event/>".getBytes(StandardCharsets.UTF_8), "Content-Type"));
        return c;
    }

    static Bad bad(String body, String field) {
        return new Bad("/events", "application/json", body.getBytes(StandardCharsets.UTF_8), field);
    }

    @Test
    void everyBadInputIsA4xxProblemAndAppendsNothing() {
        List<Bad> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
        long before = IngestApiIT.logSize();
        for (Bad bad : corpus) {
            String shown = new String(bad.body(), StandardCharsets.UTF_8);
            shown = shown.length() > 120 ? shown.substring(0, 120) + "..." : shown;
            Response response = given().contentType(bad.contentType()).body(bad.body()).post(bad.path());
            assertThat(response.statusCode()).as(shown).isBetween(400, 499);
            assertThat(response.contentType()).as(shown).startsWith("application/problem+json");
            assertThat(response.jsonPath().getInt("status")).isEqualTo(response.statusCode());
            List<String> fields = response.jsonPath().getList("errors.field");
            assertThat(fields).as(shown + " -> " + response.asString()).isNotEmpty();
            if (bad.expectedField() != null) {
                assertThat(fields).as(shown + " -> " + response.asString()).contains(bad.expectedField());
            }
        }
        assertThat(IngestApiIT.logSize()).isEqualTo(before);
    }
}
