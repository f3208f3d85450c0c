package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.custodyledger.events.EventJson;
import org.custodyledger.testing.ApiLinters;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.OpenApiContract;
import org.custodyledger.testing.Promtool;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.SharedFixtures;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The projection's published contract, checked by clients nobody on the project wrote: Spectral
 * and Redocly lint its OpenAPI document clean, and a JSON-Schema validator finds every real answer
 * of every read (the seed case, and the error answers) to be what the document says, field by field;
 * and promtool finds both services' metrics clean.
 */
class ContractIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static LedgerStack stack;
    private static OpenApiContract contract;
    private static String documentJson;
    private static OpenApiContract ingestContract;
    private static String ingestDocumentJson;
    private static HttpResponse<String> seedAnswer;

    @BeforeAll
    static void seededStack() throws Exception {
        stack = LedgerStack.fresh(SeedCaseIT.ROOT, "contract", Map.of(), Map.of("LEDGER_API_DOCS", "true"));
        HttpResponse<String> posted = ServiceProcess.post(stack.ingest().url("/events/batch"), "application/x-ndjson", SharedFixtures.seedNdjson());
        assertThat(posted.statusCode()).isEqualTo(201);
        String token = EventJson.mapper().readTree(posted.body()).get("consistencyToken").asText();
        assertThat(get("/custody?consistencyToken=" + token, TestInfrastructure.token(), "application/json").statusCode()).isEqualTo(200);
        HttpResponse<String> document = get("/q/openapi?format=json", TestInfrastructure.token(), "application/json");
        assertThat(document.statusCode()).isEqualTo(200);
        documentJson = document.body();
        contract = new OpenApiContract(documentJson);
        HttpResponse<String> ingestDocument = HTTP.send(HttpRequest.newBuilder(URI.create(stack.ingest().url("/q/openapi?format=json")))
                .header("Authorization", "Bearer " + TestInfrastructure.token()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ingestDocument.statusCode()).isEqualTo(200);
        ingestDocumentJson = ingestDocument.body();
        ingestContract = new OpenApiContract(ingestDocumentJson);
        seedAnswer = posted;
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static HttpResponse<String> get(String path, String token, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.projection().url(path))).timeout(Duration.ofSeconds(30)).header("Accept", accept);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void spectralAndRedoclyFindNothingInEitherDocument() throws Exception {
        lintClean("projection", documentJson);
        lintClean("ingest", ingestDocumentJson);
    }

    private static void lintClean(String service, String json) throws Exception {
        Path file = Files.createTempFile(service + "-openapi", ".json");
        Files.writeString(file, json);
        ApiLinters.Run spectral = ApiLinters.spectral(SeedCaseIT.ROOT, file);
        assertThat(spectral.exit()).as(service + ": " + spectral.output()).isZero();
        assertThat(spectral.output()).contains("No results with a severity of 'warn' or higher found");
        ApiLinters.Run redocly = ApiLinters.redocly(SeedCaseIT.ROOT, file);
        assertThat(redocly.exit()).as(service + ": " + redocly.output()).isZero();
        assertThat(redocly.output()).contains("Woohoo! Your API description is valid.").doesNotContainPattern("You have \\d+ warning");
    }

    /**
     * Every list as CSV (Accept or ?format=) and NDJSON, as the document describes them, read back
     * by Apache Commons CSV: the documented columns in order, one row per item, the same figures as
     * the JSON answer.
     */
    @Test
    void everyListDownloadsAsCsvAndNdjsonThatACsvReaderReadsBack() throws Exception {
        String all = TestInfrastructure.token();
        List<String> problems = new ArrayList<>();
        OpenApiContract contract = new OpenApiContract(documentJson); // its own tally of what was checked
        long rowsRead = 0;
        for (var table : Downloads.TABLES.entrySet()) {
            String path = switch (table.getKey()) {
                case "getCustody" -> "/custody";
                case "listOperations" -> "/operations";
                case "listTransfers" -> "/transfers?limit=50";
                case "getReconciliation" -> "/reconciliation";
                case "listAnomalies" -> "/anomalies?limit=50";
                case "getFlows" -> "/flows?from=2026-01-21T00:00:00Z&to=2026-02-14T00:00:00Z";
                case "getBreakdowns" -> "/breakdowns";
                case "getClaimEvidence" -> "/statements/S-centcom/claims/0/evidence";
                case "getFacilitySeries" -> "/facilities/iraq-federal-prisons/series?from=2026-01-20T00:00:00Z&to=2026-02-17T00:00:00Z";
                case "getCountrySeries" -> "/countries/SY/series?from=2026-01-20T00:00:00Z&to=2026-02-17T00:00:00Z&step=week";
                case "getCustodianSeries" -> "/custodians/Government%20of%20Iraq/series?from=2026-01-20T00:00:00Z&to=2026-02-17T00:00:00Z";
                case "getOperationSeries" -> "/operations/op-syria-iraq-2026/series?from=2026-01-20T00:00:00Z&to=2026-02-17T00:00:00Z&step=week";
                default -> throw new AssertionError("no read for " + table.getKey());
            };
            HttpResponse<String> json = get(path, all, "application/json");
            HttpResponse<String> csv = get(path, all, "text/csv");
            HttpResponse<String> linked = get(path + (path.contains("?") ? "&" : "?") + "format=csv", all, "*/*");
            HttpResponse<String> ndjson = get(path, all, "application/x-ndjson");
            for (HttpResponse<String> answer : List.of(csv, linked, ndjson)) {
                assertThat(answer.statusCode()).as(path + " " + answer.headers().firstValue("Content-Type")).isEqualTo(200);
                problems.addAll(contract.problems("GET", answer));
            }
            assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
            assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains(table.getValue().name() + ".csv");
            assertThat(csv.headers().firstValue("ETag")).isNotEqualTo(json.headers().firstValue("ETag"));
            assertThat(linked.body()).isEqualTo(csv.body());
            var rows = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().get().parse(new java.io.StringReader(csv.body()));
            assertThat(rows.getHeaderNames()).as(path).containsExactlyElementsOf(table.getValue().columns());
            var records = rows.getRecords();
            List<JsonNode> expected = new ArrayList<>();
            JsonNode answer = EventJson.mapper().readTree(json.body());
            for (String list : table.getValue().lists()) {
                for (JsonNode item : answer.path(list)) {
                    if (table.getValue().nested() == null) {
                        expected.add(item);
                    } else {
                        item.path(table.getValue().nested()).forEach(expected::add);
                    }
                }
            }
            assertThat(records).as(path + " rows").hasSize(expected.size());
            rowsRead += records.size();
            String figure = table.getValue().columns().get(table.getValue().columns().size() - (table.getKey().equals("getBreakdowns") ? 2 : 1));
            for (int i = 0; i < records.size(); i++) {
                JsonNode value = expected.get(i).get(figure);
                String text = value == null || value.isNull() ? "" : value.isTextual() ? value.asText() : value.toString();
                boolean formula = value != null && value.isTextual() && !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0;
                assertThat(records.get(i).get(figure)).as(path + " row " + i + " " + figure).isEqualTo(formula ? "'" + text : text);
            }
            assertThat(ndjson.body().lines().count()).as(path + " NDJSON lines")
                    .isEqualTo(table.getValue().lists().stream().mapToLong(l -> answer.path(l).size()).sum());
            for (String line : ndjson.body().lines().toList()) {
                assertThat(EventJson.mapper().readTree(line).isObject()).isTrue();
            }
        }
        assertThat(problems).isEmpty();
        assertThat(rowsRead).as("rows of the seed case").isGreaterThan(20);
        assertThat(get("/custody?format=xlsx", all, "*/*").statusCode()).isEqualTo(400);
        assertThat(get("/facilities/iraq-federal-prisons", all, "text/csv").statusCode()).isEqualTo(406);
    }

    @Test
    void everyReadAnswersWhatTheDocumentSays() throws Exception {
        String all = TestInfrastructure.token();
        JsonNode custody = EventJson.mapper().readTree(get("/custody", all, "application/json").body());
        String facility = custody.path("facilities").get(0).path("facilityId").asText();
        JsonNode operations = EventJson.mapper().readTree(get("/operations", all, "application/json").body());
        String operation = operations.path("operations").get(0).path("operationId").asText();
        JsonNode statements = EventJson.mapper().readTree(get("/statements", all, "application/json").body());
        String eventId = statements.path("statements").get(0).path("eventId").asText();
        JsonNode tree = EventJson.mapper().readTree(get("/audit/tree", all, "application/json").body());
        JsonNode grown = null;
        for (JsonNode p : tree.path("partitions")) {
            if (p.path("size").asLong() >= 2) {
                grown = p;
            }
        }
        assertThat(grown).as("a partition with two records or more").isNotNull();
        String asOf = "asOf=2026-02-01T00:00:00Z";
        List<String> reads = List.of("/custody", "/custody?" + asOf, "/facilities/" + facility, "/facilities/" + facility + "?" + asOf,
                "/operations", "/operations?" + asOf, "/operations/" + operation, "/operations/" + operation + "?" + asOf,
                "/transfers?limit=3", "/transfers?status=COMPLETED&" + asOf, "/statements", "/statements?limit=1", "/reconciliation",
                "/reconciliation?" + asOf, "/anomalies", "/anomalies?limit=2", "/facilities/" + facility + "/history?limit=2",
                "/operations/" + operation + "/history", "/audit/tree", "/audit/checkpoints", "/audit/checkpoints/latest",
                "/audit/checkpoint-keys", "/audit/events/" + eventId + "/proof",
                "/audit/consistency?partition=" + grown.path("partition").asInt() + "&from=1&to=" + grown.path("size").asLong(),
                "/admin/status", "/admin/digest", "/admin/replay", "/admin/audit", "/breakdowns", "/breakdowns?" + asOf,
                "/statements/S-centcom/claims/0/evidence", "/statements/S-centcom/claims/0/evidence?limit=5", "/statements/S-nobody/claims/0/evidence",
                "/statements/S-centcom/claims/9/evidence", "/statements/S-centcom/claims/0/evidence?after=nonsense",
                "/facilities/" + facility + "/series?from=2026-01-20T00:00:00Z&to=2026-02-17T00:00:00Z&step=week",
                "/countries/IQ/series?from=2026-01-20T00:00:00Z&to=2026-02-17T00:00:00Z", "/countries/ZZ/series?from=2026-01-20T00:00:00Z&to=2026-02-17T00:00:00Z",
                "/custodians/Government%20of%20Iraq/series?from=2026-01-20T00:00:00Z&to=2026-02-17T00:00:00Z&step=week",
                "/custodians/nobody/series?from=2026-01-20T00:00:00Z&to=2026-02-17T00:00:00Z",
                "/operations/" + operation + "/series?from=2026-01-20T00:00:00Z&to=2026-02-17T00:00:00Z",
                "/operations/none/series?from=2026-01-20T00:00:00Z&to=2026-02-17T00:00:00Z",
                "/facilities/" + facility + "/series?from=2026-01-20T00:00:00Z&to=2026-02-17T00:00:00Z&step=month",
                "/facilities/" + facility + "/series?to=2026-02-17T00:00:00Z",
                "/facilities/" + facility + "/series?from=2026-01-20T00:00:00Z&to=2026-02-17T00:00:00Z&nationality=SY", "/countries/IQ/series?from=2000-01-01T00:00:00Z&to=2026-02-17T00:00:00Z",
                "/flows?from=2026-01-21T00:00:00Z&to=2026-02-14T00:00:00Z", "/flows?from=2026-01-21T00:00:00Z&to=2026-02-14T00:00:00Z&by=custodian",
                "/flows?from=2026-01-21T00:00:00Z&to=2026-02-14T00:00:00Z&nationality=FR", "/flows?from=2026-01-21T00:00:00Z&to=2026-02-14T00:00:00Z&cohort=adult",
                "/flows?from=2026-01-21T00:00:00Z&to=2026-02-14T00:00:00Z&cohort=adult%20fighters", "/flows?from=2026-01-21T00:00:00Z&to=2026-02-14T00:00:00Z&nationality=fr",
                "/flows?from=2026-02-14T00:00:00Z&to=2026-01-21T00:00:00Z", "/flows?from=2026-01-21T00:00:00Z&to=2026-02-14T00:00:00Z&by=planet",
                // The error answers: each is a documented status with a problem document.
                "/custody?asOf=yesterday", "/transfers?limit=0", "/anomalies?kind=NOPE", "/facilities/nowhere", "/operations/none/history",
                "/audit/events/not-a-uuid/proof", "/audit/consistency?partition=0");
        List<String> problems = new ArrayList<>();
        for (String read : reads) {
            HttpResponse<String> answer = get(read, all, "application/json");
            problems.addAll(contract.problems("GET", answer));
        }
        // Without a token, with too few roles, and asking for a type no operation answers.
        problems.addAll(contract.problems("GET", get("/custody", null, "application/json")));
        String viewer = TestInfrastructure.issuer().token("test:viewer", "viewer", List.of("viewer"), Duration.ofMinutes(5));
        problems.addAll(contract.problems("GET", get("/admin/status", viewer, "application/json")));
        problems.addAll(contract.problems("GET", get("/custody", all, "application/xml")));
        assertThat(problems).isEmpty();
        assertThat(contract.checked()).contains("GET /custody 200", "GET /custody 400", "GET /custody 401", "GET /custody 406",
                "GET /admin/status 403", "GET /facilities/{id} 404", "GET /anomalies 400", "GET /audit/consistency 200");
        assertThat(contract.checked()).hasSize(reads.size() + 3);
    }

    private static HttpResponse<String> post(String path, String contentType, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.ingest().url(path))).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyEventTypeIsDocumentedAndEveryAppendAnswersWhatTheDocumentSays() throws Exception {
        // The request: one envelope per event type of the sealed hierarchy, and the seed case's events conform.
        JsonNode mapping = ingestContract.document().path("components").path("schemas").path("EventSubmission").path("discriminator").path("mapping");
        List<String> documented = new ArrayList<>();
        mapping.fieldNames().forEachRemaining(documented::add);
        assertThat(documented).containsExactlyInAnyOrder(java.util.Arrays.stream(org.custodyledger.events.CustodyEvent.class.getPermittedSubclasses())
                .map(Class::getSimpleName).toArray(String[]::new));
        List<String> problems = new ArrayList<>();
        for (String line : SharedFixtures.seedNdjson().split("\n")) {
            if (!line.isBlank()) {
                problems.addAll(ingestContract.requestProblems("POST", "/events", line));
            }
        }
        assertThat(ingestContract.requestProblems("POST", "/events", "{\"type\":\"FacilityRegistered\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"data\":{}}"))
                .as("a facility without its required fields").isNotEmpty();
        // The answers: appended, a retry, a batch, and each way an append is refused.
        String all = TestInfrastructure.token();
        String event = "{\"eventId\":\"" + java.util.UUID.randomUUID() + "\",\"type\":\"CustodianChanged\",\"occurredAt\":\"2026-03-01T00:00:00Z\","
                + "\"data\":{\"facilityId\":\"iraq-federal-prisons\",\"custodian\":\"Iraqi Ministry of Justice\"}}";
        problems.addAll(ingestContract.requestProblems("POST", "/events", event));
        String viewer = TestInfrastructure.issuer().token("test:viewer", "viewer", List.of("viewer"), Duration.ofMinutes(5));
        List<HttpResponse<String>> answers = List.of(seedAnswer,
                post("/events", "application/json", event, all),
                post("/events", "application/json", event, all),
                post("/events/batch", "application/json", "[" + event + "]", all),
                post("/events", "application/json", event.replace("Iraqi Ministry of Justice", "someone else"), all),
                post("/events", "application/json", "{\"type\":\"Nope\"}", all),
                post("/events", null, event, all),
                post("/events", "application/json", "{\"pad\":\"" + "x".repeat(2_000_000) + "\"}", all),
                post("/events", "application/json", event, null),
                post("/events", "application/json", event, viewer));
        for (HttpResponse<String> answer : answers) {
            problems.addAll(ingestContract.problems("POST", answer));
        }
        HttpResponse<String> keys = HTTP.send(HttpRequest.newBuilder(URI.create(stack.ingest().url("/audit/keys")))
                .header("Authorization", "Bearer " + all).build(), HttpResponse.BodyHandlers.ofString());
        problems.addAll(ingestContract.problems("GET", keys));
        assertThat(problems).isEmpty();
        assertThat(ingestContract.checked()).containsExactlyInAnyOrder("POST /events/batch 201", "POST /events 201", "POST /events 200",
                "POST /events/batch 200", "POST /events 409", "POST /events 400", "POST /events 415", "POST /events 413", "POST /events 401",
                "POST /events 403", "GET /audit/keys 200");
    }

    @Test
    void bothServicesMetricsLintCleanWithPromtoolAndSayWhatTheyMeasure() throws Exception {
        assertThat(ServiceProcess.post(stack.ingest().url("/events"), "application/json", "{\"type\":\"Nope\"}").statusCode()).isEqualTo(400);
        String projection = "";
        // Wait until the projection has applied records, not just registered its gauges.
        Pattern applied = Pattern.compile("ledger_projection_position\\{[^}]*partition=\"\\d\"[^}]*} [1-9]");
        for (int i = 0; i < 150 && !applied.matcher(projection).find(); i++) {
            Thread.sleep(200);
            projection = MonitoringIT.metrics(stack.projection(), "text/plain");
        }
        for (ServiceProcess service : new ServiceProcess[] {stack.ingest(), stack.projection()}) {
            // What curl gets (Accept: */*) and what Prometheus asks for.
            for (String accept : new String[] {"*/*", "text/plain;version=0.0.4"}) {
                String text = MonitoringIT.metrics(service, accept);
                Promtool.Run lint = Promtool.run(Path.of("."), text, "check", "metrics");
                java.util.regex.Matcher at = Pattern.compile("line (\\d+)").matcher(lint.output());
                String line = at.find() ? text.lines().skip(Long.parseLong(at.group(1)) - 1).findFirst().orElse("") : "";
                assertThat(lint.exit()).as(service.url("/q/metrics") + " " + accept + ": " + lint.output() + " at: " + line).isZero();
                assertThat(lint.output()).as(service + " " + accept).isBlank();
            }
            String text = MonitoringIT.metrics(service, "text/plain");
            Matcher help = MonitoringIT.HELP.matcher(text);
            int described = 0;
            while (help.find()) {
                assertThat(help.group(2)).as("HELP of " + help.group(1)).isNotBlank();
                described++;
            }
            assertThat(described).isGreaterThan(3);
        }
        assertThat(projection).containsPattern("ledger_projection_position\\{[^}]*partition=\"\\d\"[^}]*} [1-9]")
                .containsPattern("ledger_projection_lag_records\\{[^}]*partition=\"\\d\"")
                .contains("ledger_projection_idle_seconds", "ledger_projection_dead_letters_total", "ledger_replay_events_expected")
                .doesNotContain("ledger_replay_events_total")
                .containsPattern("ledger_replay_phase\\{[^}]*phase=\"IDLE\"[^}]*} 1")
                // The consumer's own metrics, and answer times as a histogram.
                .containsPattern("kafka_consumer_fetch_manager_records_consumed_total\\{")
                .containsPattern("http_server_requests_seconds_bucket\\{[^}]*le=\"0\\.1\"");
        assertThat(MonitoringIT.metrics(stack.ingest(), "text/plain")).containsPattern("ledger_events_accepted_total\\{[^}]*type=\"TransferInitiated\"[^}]*} 23")
                .containsPattern("ledger_events_rejected_total\\{[^}]*reason=\"invalid\"")
                // Group commit: what waits for a lane and how many requests share a transaction; each producer's own metrics.
                .containsPattern("ledger_ingest_queued_requests\\{[^}]*lane=\"single\"").containsPattern("ledger_ingest_group_requests_count [1-9]")
                .containsPattern("kafka_producer_record_send_total\\{[^}]*client_id=\"[^\"]+\"");
    }

    /** deploy/monitoring/grafana: every panel's query parses (promtool) and asks for metrics the services publish. */
    @Test
    void theGrafanaDashboardsQueriesParseAndNameMetricsTheServicesHave() throws Exception {
        JsonNode dashboard = EventJson.mapper().readTree(Files.readString(Path.of("..", "deploy", "monitoring", "grafana", "custody-ledger.json")));
        String published = MonitoringIT.metrics(stack.ingest(), "text/plain") + MonitoringIT.metrics(stack.projection(), "text/plain");
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        List<String> missing = new ArrayList<>();
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText().replace("$__rate_interval", "5m").replace("$job", "custody-ledger-.*");
                rules.append("      - record: dashboard:query").append(queries++).append("\n        expr: ")
                        .append(EventJson.mapper().writeValueAsString(expr)).append("\n");
                Matcher names = Pattern.compile("\\b((?:ledger|kafka|http|jvm)_[a-z_]+)\\{").matcher(expr);
                while (names.find()) {
                    if (!Pattern.compile("(?m)^" + names.group(1) + "[{ ]").matcher(published).find()) {
                        missing.add(panel.path("title").asText() + ": " + names.group(1));
                    }
                }
            }
        }
        assertThat(queries).isGreaterThan(10);
        Path dir = Files.createTempDirectory("dashboard-rules");
        Files.writeString(dir.resolve("queries.yaml"), rules.toString());
        Promtool.Run check = Promtool.run(dir, null, "check", "rules", "queries.yaml");
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + queries + " rules found");
        assertThat(missing).isEmpty();
    }
}
