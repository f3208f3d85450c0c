package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.SharedFixtures;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * End to end as users run it: the packaged ingest and projection services as processes on a real
 * broker and database; the seed article posted through the ingest HTTP API must give exactly
 * {@code seed-article.expected.json}, whatever the arrival order, however often, across a hard kill.
 * Each scenario has its own topic and database, as a fresh stack would.
 */
class SeedCaseIT {
    static final ObjectMapper JSON = new ObjectMapper();

    static final Path ROOT = Path.of("..");

    @Test
    void theSeedPostedInOneBatchGivesTheExpectedReadModelsAndPostingItAgainChangesNothing() throws Exception {
        try (LedgerStack stack = LedgerStack.fresh(ROOT, "seed_batch", Map.of())) {
            HttpResponse<String> posted = ServiceProcess.post(stack.ingest().url("/events/batch"), "application/x-ndjson", SharedFixtures.seedNdjson());
            assertThat(posted.statusCode()).isEqualTo(201);
            String token = JSON.readTree(posted.body()).get("consistencyToken").asText();
            assertMatchesExpected(stack.projection(), token);

            HttpResponse<String> again = ServiceProcess.post(stack.ingest().url("/events/batch"), "application/x-ndjson", SharedFixtures.seedNdjson());
            assertThat(again.statusCode()).isEqualTo(200);
            assertMatchesExpected(stack.projection(), JSON.readTree(again.body()).get("consistencyToken").asText());

            // Read your own write: a census posted now is visible to the very next read that carries its token.
            HttpResponse<String> census = ServiceProcess.post(stack.ingest().url("/events"), "application/json",
                    "{\"type\":\"CensusRecorded\",\"occurredAt\":\"2026-03-01T00:00:00Z\",\"data\":{\"facilityId\":\"iraq-federal-prisons\",\"population\":9000}}");
            assertThat(census.statusCode()).isEqualTo(201);
            String censusToken = JSON.readTree(census.body()).get("consistencyToken").asText();
            HttpResponse<String> facility = ServiceProcess.get(stack.projection().url("/facilities/iraq-federal-prisons?consistencyToken=" + censusToken));
            assertThat(facility.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(facility.body()).get("population").asLong()).isEqualTo(9000);
            assertThat(facility.headers().firstValue("X-Projection-Position")).isPresent();
            assertThat(facility.headers().firstValue("X-Projection-Lag")).isPresent();
            assertThat(ServiceProcess.get(stack.projection().url("/facilities/nowhere")).statusCode()).isEqualTo(404);
            assertThat(ServiceProcess.get(stack.projection().url("/custody?asOf=yesterday")).statusCode()).isEqualTo(400);
            assertThat(ServiceProcess.get(stack.projection().url("/custody?consistencyToken=abc")).statusCode()).isEqualTo(400);
            assertThat(ServiceProcess.get(stack.projection().url("/transfers?status=LOST")).statusCode()).isEqualTo(400);

            // Who recorded what, from the tokens ingest took the events with: the seed's loader, and
            // a second operator who completes a transfer the first one initiated.
            String loader = "test-suite <test:suite> via ledger-local";
            JsonNode statements = JSON.readTree(ServiceProcess.get(stack.projection().url("/statements")).body()).get("statements");
            assertThat(statements).isNotEmpty().allSatisfy(st -> assertThat(st.get("recordedBy").asText()).isEqualTo(loader));
            assertThat(ServiceProcess.post(stack.ingest().url("/events"), "application/json", "{\"type\":\"TransferInitiated\",\"occurredAt\":\"2026-03-02T06:00:00Z\","
                    + "\"data\":{\"transferId\":\"T-attributed\",\"fromFacilityId\":\"ne-syria-detention-centers\",\"toFacilityId\":\"iraq-federal-prisons\",\"count\":2}}")
                    .statusCode()).isEqualTo(201);
            String amira = TestInfrastructure.issuer().token("sub:amira", "Amira Haddad", java.util.List.of("operator"), java.time.Duration.ofMinutes(5));
            HttpResponse<String> completed = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(stack.ingest().url("/events"))).header("Content-Type", "application/json").header("Authorization", "Bearer " + amira)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"TransferCompleted\",\"occurredAt\":\"2026-03-02T09:00:00Z\","
                            + "\"data\":{\"transferId\":\"T-attributed\"}}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(completed.statusCode()).isEqualTo(201);
            String after = JSON.readTree(completed.body()).get("consistencyToken").asText();
            JsonNode transfers = JSON.readTree(ServiceProcess.get(stack.projection().url("/transfers?consistencyToken=" + after + "&limit=500")).body()).get("transfers");
            JsonNode attributed = null;
            for (JsonNode t : transfers) {
                if (t.get("transferId").asText().equals("T-attributed")) {
                    attributed = t;
                } else {
                    assertThat(t.get("initiatedBy").asText()).isEqualTo(loader);
                }
            }
            assertThat(attributed).as("T-attributed in " + transfers).isNotNull();
            assertThat(attributed.get("initiatedBy").asText()).isEqualTo(loader);
            assertThat(attributed.get("finishedBy").asText()).isEqualTo("Amira Haddad <sub:amira> via ledger-local");
            // As of before the finish, nobody has finished it.
            JsonNode before = JSON.readTree(ServiceProcess.get(stack.projection().url("/transfers?asOf=2026-03-02T08:00:00Z&limit=500")).body()).get("transfers");
            for (JsonNode t : before) {
                if (t.get("transferId").asText().equals("T-attributed")) {
                    assertThat(t.get("finishedBy").isNull()).isTrue();
                }
            }

            // Each subject's audit trail: every event that changed its figures, who recorded it, where it is, what retracted it.
            String censusId = JSON.readTree(census.body()).get("eventId").asText();
            HttpResponse<String> retracted = ServiceProcess.post(stack.ingest().url("/events"), "application/json", "{\"type\":\"EventRetracted\","
                    + "\"occurredAt\":\"2026-03-03T00:00:00Z\",\"data\":{\"targetEventId\":\"" + censusId + "\",\"reason\":\"counted twice\"}}");
            assertThat(retracted.statusCode()).isEqualTo(201);
            JsonNode retraction = JSON.readTree(retracted.body());
            JsonNode history = JSON.readTree(ServiceProcess.get(stack.projection().url("/facilities/iraq-federal-prisons/history?from=2026-03-01T00:00:00Z"
                    + "&consistencyToken=" + retraction.get("consistencyToken").asText())).body());
            assertThat(history.get("facilityId").asText()).isEqualTo("iraq-federal-prisons");
            assertThat(history.get("events")).extracting(e -> e.get("type").asText())
                    .containsExactly("CensusRecorded", "TransferInitiated", "TransferCompleted", "EventRetracted");
            JsonNode censusEntry = history.get("events").get(0);
            assertThat(censusEntry.get("eventId").asText()).isEqualTo(censusId);
            assertThat(censusEntry.get("retractedBy").asText()).isEqualTo(retraction.get("eventId").asText());
            assertThat(censusEntry.get("recordedBy").asText()).isEqualTo(loader);
            assertThat(censusEntry.get("offset").asLong()).isEqualTo(JSON.readTree(census.body()).get("offset").asLong());
            assertThat(history.get("events").get(2).get("recordedBy").asText()).isEqualTo("Amira Haddad <sub:amira> via ledger-local");
            assertThat(history.get("events").get(3).get("retracts").asText()).isEqualTo(censusId);
            assertThat(history.get("events").get(1).get("retractedBy").isNull()).isTrue();
            // An operation's, page by page: its plan and both events of each of its 23 transfers, in event time.
            List<JsonNode> operation = new java.util.ArrayList<>();
            String next = "/operations/op-syria-iraq-2026/history?limit=20";
            for (int pages = 0; next != null; pages++) {
                assertThat(pages).isLessThan(3);
                HttpResponse<String> page = ServiceProcess.get(stack.projection().url(next));
                assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
                JsonNode body = JSON.readTree(page.body());
                body.get("events").forEach(operation::add);
                next = body.get("nextCursor").isNull() ? null : "/operations/op-syria-iraq-2026/history?limit=20&after=" + body.get("nextCursor").asText();
            }
            assertThat(operation).hasSize(47);
            assertThat(operation.get(0).get("type").asText()).isEqualTo("OperationPlanned");
            assertThat(operation).extracting(e -> e.get("occurredAt").asText()).isSorted();
            assertThat(operation).extracting(e -> e.get("eventId").asText()).doesNotHaveDuplicates();
            assertThat(JSON.readTree(ServiceProcess.get(stack.projection().url("/operations/op-syria-iraq-2026/history?to=2026-01-22T00:00:00Z")).body())
                    .get("events").size()).isBetween(2, 46);
            assertThat(ServiceProcess.get(stack.projection().url("/operations/nowhere/history")).statusCode()).isEqualTo(404);
            assertThat(ServiceProcess.get(stack.projection().url("/facilities/iraq-federal-prisons/history?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"))
                    .body()).contains("\"to\"");
        }
    }

    @Test
    void theSeedPostedOneByOneInReverseOrderGivesTheSameAnswers() throws Exception {
        try (LedgerStack stack = LedgerStack.fresh(ROOT, "seed_reverse", Map.of())) {
            List<String> lines = new ArrayList<>(SharedFixtures.seedLines());
            Collections.reverse(lines);
            String token = null;
            for (String line : lines) {
                HttpResponse<String> posted = ServiceProcess.post(stack.ingest().url("/events"), "application/json", line);
                assertThat(posted.statusCode()).isEqualTo(201);
                token = merge(token, JSON.readTree(posted.body()).get("consistencyToken").asText());
            }
            assertMatchesExpected(stack.projection(), token);
        }
    }

    @Test
    void aHardKillMidStreamNeitherLosesNorDoubleCounts() throws Exception {
        try (LedgerStack stack = LedgerStack.fresh(ROOT, "seed_kill", Map.of())) {
            List<String> lines = SharedFixtures.seedLines();
            String token = null;
            ServiceProcess projection = stack.projection();
            for (int i = 0; i < lines.size(); i++) {
                if (i == lines.size() / 2) {
                    projection.kill();
                }
                HttpResponse<String> posted = ServiceProcess.post(stack.ingest().url("/events"), "application/json", lines.get(i));
                token = merge(token, JSON.readTree(posted.body()).get("consistencyToken").asText());
            }
            try (ServiceProcess restarted = stack.startProjection(Map.of())) {
                assertMatchesExpected(restarted, token);
                try (Connection c = TestInfrastructure.superuser(stack.env().get("LEDGER_JDBC_URL"));
                     ResultSet count = c.createStatement().executeQuery("SELECT count(*) FROM projection.applied_event")) {
                    count.next();
                    assertThat(count.getInt(1)).isEqualTo(lines.size());
                }
            }
        }
    }

    /**
     * The repatriation sample after the seed, through the HTTP APIs: Iraqi prisons by nationality
     * before and after, the flows out by country and of one nationality, and claims about a
     * nationality and a cohort; exactly samples/repatriation.expected.json.
     */
    @Test
    void theRepatriationSampleShowsWhoIsHeldByNationalityWhereTheyWentAndTheClaimsAboutThem() throws Exception {
        JsonNode expected = JSON.readTree(org.custodyledger.testing.Samples.repatriationExpected());
        try (LedgerStack stack = LedgerStack.fresh(ROOT, "repatriation", Map.of())) {
            assertThat(ServiceProcess.post(stack.ingest().url("/events/batch"), "application/x-ndjson", SharedFixtures.seedNdjson()).statusCode()).isEqualTo(201);
            HttpResponse<String> posted = ServiceProcess.post(stack.ingest().url("/events/batch"), "application/x-ndjson",
                    org.custodyledger.testing.Samples.repatriationNdjson());
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
            String token = JSON.readTree(posted.body()).get("consistencyToken").asText();
            ServiceProcess projection = stack.projection();
            JsonNode breakdowns = read(projection, "/breakdowns?asOf=" + expected.get("asOf").asText() + "&consistencyToken=" + token);
            expected.get("facilities").fields().forEachRemaining(f -> {
                JsonNode facility = find(breakdowns.get("facilities"), "key", f.getKey());
                assertThat(facility.get("known").asBoolean()).as(f.getKey()).isEqualTo(!f.getValue().get("population").isNull());
                JsonNode lines = JSON.createObjectNode();
                facility.get("lines").forEach(l -> ((com.fasterxml.jackson.databind.node.ObjectNode) lines).set(
                        l.get("cohort").asText() + (l.get("nationality").isNull() ? "" : "/" + l.get("nationality").asText()),
                        JSON.createObjectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set("population", l.get("population"))
                                .set("netChange", l.get("netChange"))));
                assertThat(lines.toString()).as(f.getKey()).isEqualTo(f.getValue().get("lines").toString().replace(" ", ""));
            });
            JsonNode iraq = find(read(projection, "/breakdowns?asOf=2026-03-01T00:00:00Z").get("facilities"), "key", "iraq-federal-prisons");
            expected.get("asOf_2026-03-01T00:00:00Z").get("iraq-federal-prisons").fields().forEachRemaining(l -> {
                String[] key = l.getKey().split("/");
                assertThat(java.util.stream.StreamSupport.stream(iraq.get("lines").spliterator(), false)
                        .filter(v -> v.get("cohort").asText().equals(key[0]) && (key.length == 1 ? v.get("nationality").isNull() : key[1].equals(v.get("nationality").asText())))
                        .findFirst().orElseThrow().get("population").asLong()).as(l.getKey() + " on 1 March").isEqualTo(l.getValue().asLong());
            });
            JsonNode operation = find(breakdowns.get("operations"), "operationId", expected.get("operation").get("operationId").asText());
            assertThat(operation.get("lines")).hasSize(expected.get("operation").get("lines").size());
            JsonNode flows = expected.get("flows");
            String window = "/flows?from=" + flows.get("from").asText() + "&to=" + flows.get("to").asText();
            assertThat(read(projection, window + "&by=country").get("flows").toString()).isEqualTo(flows.get("byCountry").toString().replace(" ", ""));
            JsonNode tunisians = read(projection, window + "&by=country&nationality=TN");
            assertThat(tunisians.get("nationality").asText()).isEqualTo("TN");
            assertThat(tunisians.get("flows").toString()).isEqualTo(flows.get("nationality_TN").toString().replace(" ", ""));
            List<String> verdicts = new ArrayList<>();
            for (JsonNode claim : read(projection, "/reconciliation?limit=100").get("claims")) {
                if (claim.get("statementId").asText().equals("S-sample-repatriation")) {
                    verdicts.add(claim.get("verdict").asText());
                    assertThat(claim.get("why").asText()).isNotBlank();
                }
            }
            assertThat(verdicts.toString().replace(" ", "")).isEqualTo(expected.get("reconciliation").get("S-sample-repatriation").toString().replace("\"", ""));
            JsonNode custody = read(projection, "/custody");
            expected.get("locations").fields().forEachRemaining(l -> assertThat(find(custody.get("facilities"), "facilityId", l.getKey()).get("location").toString())
                    .as(l.getKey()).isEqualTo("{\"latitude\":" + l.getValue().get(0) + ",\"longitude\":" + l.getValue().get(1) + "}"));
            // The series, read as a client would: /<kind>/<id>/series over the sample's window.
            JsonNode series = expected.get("series");
            String stepWindow = "from=" + series.get("from").asText() + "&to=" + series.get("to").asText() + "&step=" + series.get("step").asText();
            int checked = 0;
            for (var entry : (Iterable<java.util.Map.Entry<String, JsonNode>>) series::fields) {
                if (!entry.getValue().isObject()) {
                    continue;
                }
                String path = "/" + entry.getKey().replace(" ", "%20");
                String[] parts = path.split("\\?");
                JsonNode got = read(projection, parts[0] + "/series?" + stepWindow + (parts.length > 1 ? "&" + parts[1] : ""));
                entry.getValue().fields().forEachRemaining(field -> {
                    List<String> values = new ArrayList<>();
                    got.get("points").forEach(point -> values.add(point.get(field.getKey()).toString()));
                    assertThat(values).as(entry.getKey() + " " + field.getKey()).isEqualTo(
                            java.util.stream.StreamSupport.stream(field.getValue().spliterator(), false).map(JsonNode::toString).toList());
                });
                checked++;
            }
            assertThat(checked).isEqualTo(4);
        }
    }

    static JsonNode find(JsonNode list, String field, String value) {
        for (JsonNode item : list) {
            if (item.get(field).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no " + field + " " + value + " in " + list);
    }

    /** Tokens name the highest offset per partition; the union of several writes is their merge. */
    static String merge(String a, String b) {
        return a == null ? b : org.custodyledger.events.ConsistencyToken.parse(a)
                .merge(org.custodyledger.events.ConsistencyToken.parse(b)).toString();
    }

    static JsonNode read(ServiceProcess projection, String path) throws Exception {
        HttpResponse<String> response = ServiceProcess.get(projection.url(path));
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static void assertMatchesExpected(ServiceProcess projection, String token) throws Exception {
        JsonNode expected = JSON.readTree(SharedFixtures.expectedJson());
        JsonNode op = expected.get("operation");
        String id = op.get("operationId").asText();
        JsonNode operation = read(projection, "/operations/" + id + "?consistencyToken=" + token);
        for (String field : List.of("plannedMax", "initiated", "received", "inTransit", "cancelled", "lost")) {
            assertThat(operation.get(field).asLong()).as(field).isEqualTo(op.get(field).asLong());
        }
        var facilities = expected.get("facilities").fields();
        while (facilities.hasNext()) {
            var f = facilities.next();
            JsonNode facility = read(projection, "/facilities/" + f.getKey());
            assertThat(facility.get("population").isNull()).isTrue();
            assertThat(facility.get("netChange").asLong()).isEqualTo(f.getValue().get("netChange").asLong());
        }
        for (String instant : List.of("2026-02-01T00:00:00Z", "2026-01-25T10:00:00Z")) {
            JsonNode then = expected.get("asOf_" + instant);
            JsonNode past = read(projection, "/operations/" + id + "?asOf=" + instant);
            assertThat(past.get("received").asLong()).isEqualTo(then.get("operation_received").asLong());
            assertThat(past.get("inTransit").asLong()).isEqualTo(then.get("operation_inTransit").asLong());
        }
        JsonNode claims = read(projection, "/reconciliation").get("claims");
        var verdicts = expected.get("reconciliation").fields();
        while (verdicts.hasNext()) {
            var v = verdicts.next();
            JsonNode claim = null;
            for (JsonNode c : claims) {
                if (c.get("statementId").asText().equals(v.getKey())) {
                    claim = c;
                }
            }
            assertThat(claim).as(v.getKey()).isNotNull();
            assertThat(claim.get("verdict").asText()).as(v.getKey()).isEqualTo(v.getValue().asText());
        }
        assertThat(read(projection, "/statements").get("statements")).hasSize(3);
        assertThat(read(projection, "/transfers?operationId=" + id + "&status=COMPLETED").get("transfers")).hasSize(23);
        assertThat(read(projection, "/anomalies").get("anomalies")).isEmpty();
        JsonNode custody = read(projection, "/custody");
        assertThat(custody.get("facilities")).hasSize(2);
        assertThat(custody.get("inTransit").asLong()).isZero();
    }
}
