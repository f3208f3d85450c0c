package org.custodyledger.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.custodyledger.events.EventJson;
import org.custodyledger.events.EventReader;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.LogHeaders;
import org.custodyledger.testing.LogReader;
import org.custodyledger.testing.SharedFixtures;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class IngestApiIT {
    static final String TOPIC = "custody-events";

    static String custodianChanged(UUID eventId, String custodian) {
        return "{" + (eventId == null ? "" : "\"eventId\":\"" + eventId + "\",")
                + "\"type\":\"CustodianChanged\",\"occurredAt\":\"2026-03-01T00:00:00Z\","
                + "\"data\":{\"facilityId\":\"iraq-federal-prisons\",\"custodian\":\"" + custodian + "\"}}";
    }

    /** Committed records in the log (end offsets would count transaction markers too). */
    static long logSize() {
        return LogReader.readAll(TestInfrastructure.bootstrapServers(), TOPIC).size();
    }

    static Response post(String path, String body) {
        return given().contentType("application/json").body(body).post(path);
    }

    @Test
    void everySeedEventIsAppendedWithItsCloudEventsHeaders() {
        List<String> lines = SharedFixtures.seedLines();
        for (String line : lines) {
            post("/events", line).then().statusCode(201)
                    .body("partition", notNullValue()).body("offset", notNullValue())
                    .body("consistencyToken", containsString("v1.")).body("recordedAt", notNullValue());
        }
        Map<String, ConsumerRecord<String, byte[]>> byId = LogReader.readAll(TestInfrastructure.bootstrapServers(), TOPIC)
                .stream().collect(Collectors.toMap(r -> LogReader.header(r, LogHeaders.ID), r -> r, (a, b) -> a));
        for (String line : lines) {
            Envelope posted = EventReader.readSubmission(parse(line), java.time.Instant.now()).value()
                    .record(UUID.randomUUID(), java.time.Instant.EPOCH, "x");
            ConsumerRecord<String, byte[]> record = byId.get(posted.eventId().toString());
            assertThat(record).as("record of " + posted.eventId()).isNotNull();
            assertThat(LogReader.header(record, LogHeaders.TYPE)).isEqualTo(posted.type());
            assertThat(LogReader.header(record, LogHeaders.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(LogReader.header(record, LogHeaders.SOURCE)).isEqualTo("/custody-ledger/ingest");
            assertThat(LogReader.header(record, LogHeaders.TIME)).isEqualTo(posted.occurredAt().toString());
            assertThat(LogReader.header(record, LogHeaders.SCHEMA_VERSION)).isEqualTo(String.valueOf(org.custodyledger.events.EventTypes.CURRENT_SCHEMA_VERSION));
            assertThat(record.key()).isEqualTo(posted.data().subject());
            Envelope stored = EventReader.readStored(parse(new String(record.value()))).value();
            assertThat(stored.data()).isEqualTo(posted.data());
            assertThat(stored.occurredAt()).isEqualTo(posted.occurredAt());
            assertThat(stored.recordedBy()).isEqualTo("test-suite <test:suite> via " + org.custodyledger.stack.LocalIssuer.CLIENT_ID);
        }
    }

    @Test
    void aRetryIsAnsweredFromTheReceiptAndAppendsNothing() {
        UUID id = UUID.randomUUID();
        Response first = post("/events", custodianChanged(id, "Iraq"));
        first.then().statusCode(201).body("status", equalTo("appended"));
        long size = logSize();
        Response retry = post("/events", custodianChanged(id, "Iraq"));
        retry.then().statusCode(200).body("status", equalTo("duplicate"))
                .body("offset", equalTo(first.path("offset"))).body("partition", equalTo(first.path("partition")))
                .body("recordedAt", equalTo(first.path("recordedAt")));
        assertThat(logSize()).isEqualTo(size);
    }

    @Test
    void theSameEventIdWithOtherContentIsAConflict() {
        UUID id = UUID.randomUUID();
        post("/events", custodianChanged(id, "Iraq")).then().statusCode(201);
        long size = logSize();
        post("/events", custodianChanged(id, "Syria")).then().statusCode(409)
                .contentType("application/problem+json").body("errors[0].field", equalTo("eventId"));
        assertThat(logSize()).isEqualTo(size);
    }

    /** Concurrent single posts are appended in groups; each still gets its own, exact answer. */
    @Test
    void concurrentPostsOfOneEventIdAppendItOnceAndAnswerEachRequest() throws Exception {
        UUID id = UUID.randomUUID();
        long size = logSize();
        List<String> bodies = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            bodies.add(custodianChanged(UUID.randomUUID(), "Iraq"));
            bodies.add(custodianChanged(id, i % 8 == 7 ? "Syria" : "Iraq"));
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(32);
        List<java.util.concurrent.Future<Response>> answers = pool.invokeAll(bodies.stream()
                .map(body -> (java.util.concurrent.Callable<Response>) () -> post("/events", body)).toList());
        pool.shutdown();
        Map<Integer, Long> byStatus = new java.util.TreeMap<>();
        java.util.Set<Object> offsetsOfId = new java.util.HashSet<>();
        for (int i = 0; i < bodies.size(); i++) {
            Response r = answers.get(i).get();
            byStatus.merge(r.statusCode(), 1L, Long::sum);
            if (i % 2 == 1 && r.statusCode() < 300) {
                offsetsOfId.add(r.path("partition") + "@" + r.path("offset"));
            }
        }
        // 40 fresh events and the shared id once (201); 201 or 409 for the shared id depends on which content won.
        assertThat(logSize()).isEqualTo(size + 41);
        assertThat(offsetsOfId).hasSize(1);
        assertThat(byStatus.getOrDefault(201, 0L) + byStatus.getOrDefault(200, 0L) + byStatus.getOrDefault(409, 0L)).isEqualTo(80);
        assertThat(byStatus.get(201)).isEqualTo(41);
        assertThat(byStatus.get(409)).isIn(5L, 35L);
    }

    @Test
    void theServerAssignsAnEventIdAndRecordsWhoAndWhen() {
        post("/events", custodianChanged(null, "Iraq")).then().statusCode(201)
                .body("eventId", notNullValue()).body("type", equalTo("CustodianChanged"));
        post("/events", custodianChanged(null, "Iraq").replace("\"type\"", "\"recordedBy\":\"mallory\",\"type\""))
                .then().statusCode(400).body("errors.field", hasItem("recordedBy"));
    }

    @Test
    void aBatchIsAppendedWholeInOneTransaction() {
        String batch = "[" + custodianChanged(UUID.randomUUID(), "A") + "," + custodianChanged(UUID.randomUUID(), "B") + "]";
        long size = logSize();
        long offsets = LogReader.endOffsetTotal(TestInfrastructure.bootstrapServers(), TOPIC);
        Response response = post("/events/batch", batch);
        response.then().statusCode(201).body("accepted", equalTo(2)).body("appended", equalTo(2))
                .body("consistencyToken", containsString("v1."));
        // Two committed records, and at least one transaction marker besides.
        assertThat(logSize()).isEqualTo(size + 2);
        assertThat(LogReader.endOffsetTotal(TestInfrastructure.bootstrapServers(), TOPIC)).isGreaterThanOrEqualTo(offsets + 3);
        post("/events/batch", batch).then().statusCode(200).body("appended", equalTo(0)).body("duplicates", equalTo(2));
    }

    @Test
    void anNdjsonBatchIsAcceptedLikeAJsonOne() {
        String ndjson = custodianChanged(UUID.randomUUID(), "A") + "\n\n" + custodianChanged(UUID.randomUUID(), "B") + "\n";
        given().contentType("application/x-ndjson").body(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/events/batch")
                .then().statusCode(201).body("appended", equalTo(2));
    }

    @Test
    void oneBadItemAppendsNothingAndNamesItsIndex() {
        String batch = "[" + custodianChanged(UUID.randomUUID(), "A") + ","
                + custodianChanged(UUID.randomUUID(), "B").replace("iraq-federal-prisons", "Bad Id") + ","
                + custodianChanged(UUID.randomUUID(), "C") + "]";
        long size = logSize();
        post("/events/batch", batch).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].index", equalTo(1)).body("errors[0].field", equalTo("data.facilityId"))
                .body("detail", containsString("1 of 3 events are not valid"));
        assertThat(logSize()).isEqualTo(size);
    }

    @Test
    void aBatchWithAConflictAppendsNothing() {
        UUID used = UUID.randomUUID();
        post("/events", custodianChanged(used, "A")).then().statusCode(201);
        long size = logSize();
        post("/events/batch", "[" + custodianChanged(UUID.randomUUID(), "A") + "," + custodianChanged(used, "Z") + "]")
                .then().statusCode(409).body("errors[0].index", equalTo(1));
        assertThat(logSize()).isEqualTo(size);
    }

    @Test
    void readinessOpenApiAndMetricsAnswerAndCountAcceptedEvents() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/events/batch"));
        post("/events", custodianChanged(null, "Iraq")).then().statusCode(201);
        given().get("/q/metrics").then().statusCode(200)
                // The text format writes {type="...",} and OpenMetrics {type="..."}: either.
                .body(org.hamcrest.Matchers.matchesPattern("(?s).*ledger_events_accepted_total\\{type=\"CustodianChanged\",?\\} [1-9].*"))
                .body(containsString("ledger_produce_seconds"));
    }

    static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return EventJson.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
