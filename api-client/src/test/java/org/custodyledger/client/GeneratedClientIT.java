package org.custodyledger.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.custodyledger.client.projection.ApiClient;
import org.custodyledger.client.projection.api.AdminApi;
import org.custodyledger.client.projection.api.AuditApi;
import org.custodyledger.client.projection.api.CustodyApi;
import org.custodyledger.client.projection.api.HistoryApi;
import org.custodyledger.client.projection.model.Custody;
import org.custodyledger.client.projection.model.OperationView;
import org.custodyledger.client.projection.model.Reconciliation;
import org.custodyledger.client.projection.model.Verdict;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.SharedFixtures;
import org.junit.jupiter.api.Test;

/**
 * The Java client openapi-generator made from the projection's published document (nothing of it
 * written by us) reads every seed answer: each read through it and written back by its own models
 * holds every field of the raw answer, and the seed case's figures come out right.
 */
class GeneratedClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theGeneratedClientReadsEverySeedAnswer() throws Exception {
        try (LedgerStack stack = LedgerStack.fresh(Path.of(".."), "generated_client", Map.of())) {
            HttpResponse<String> posted = ServiceProcess.post(stack.ingest().url("/events/batch"), "application/x-ndjson", SharedFixtures.seedNdjson());
            assertThat(posted.statusCode()).isEqualTo(201);
            String token = JSON.readTree(posted.body()).path("consistencyToken").asText();
            ApiClient client = new ApiClient();
            client.updateBaseUri(stack.projection().url(""));
            client.setRequestInterceptor(request -> request.header("Authorization", ServiceProcess.bearer()));
            CustodyApi custody = new CustodyApi(client);
            HistoryApi history = new HistoryApi(client);
            AuditApi audit = new AuditApi(client);
            AdminApi admin = new AdminApi(client);

            Custody now = custody.getCustody(null, token);
            String facility = now.getFacilities().get(0).getFacilityId();
            OperationView operation = custody.getOperation("op-syria-iraq-2026", null, null);
            assertThat(operation.getReceived()).isEqualTo(5_704L);
            assertThat(operation.getPlannedMax()).isEqualTo(7_000);
            Reconciliation reconciliation = custody.getReconciliation(null, null, null, null);
            assertThat(reconciliation.getClaims()).extracting(c -> c.getVerdict())
                    .containsExactly(Verdict.CONSISTENT, Verdict.CONSISTENT, Verdict.INCONSISTENT);
            OffsetDateTime asOf = OffsetDateTime.parse("2026-01-25T10:00:00Z");
            String eventId = custody.listStatements(null, null, null, null).getStatements().get(0).getEventId().toString();

            // Every answer, as the client's models hold it, against the raw answer.
            Map<String, Object> read = new java.util.LinkedHashMap<>();
            read.put("/custody", now);
            read.put("/custody?asOf=2026-01-25T10:00:00Z", custody.getCustody(asOf, null));
            read.put("/facilities/" + facility, custody.getFacility(facility, null, null));
            read.put("/operations", custody.listOperations(null, null));
            read.put("/operations/op-syria-iraq-2026?asOf=2026-01-25T10:00:00Z", custody.getOperation("op-syria-iraq-2026", asOf, null));
            read.put("/transfers?limit=5", custody.listTransfers(null, null, null, null, 5, null, null));
            read.put("/statements", custody.listStatements(null, null, null, null));
            read.put("/reconciliation", reconciliation);
            read.put("/anomalies", custody.listAnomalies(null, null, null, null, null, null));
            read.put("/facilities/" + facility + "/history", history.getFacilityHistory(facility, null, null, null, null, null));
            read.put("/operations/op-syria-iraq-2026/history", history.getOperationHistory("op-syria-iraq-2026", null, null, null, null, null));
            read.put("/audit/tree", audit.getTrees());
            read.put("/audit/checkpoints", audit.listCheckpoints(null, null));
            read.put("/audit/events/" + eventId + "/proof", audit.getInclusionProof(eventId, null));
            read.put("/admin/status", admin.getStatus());
            read.put("/admin/replay", admin.getReplay());
            read.put("/admin/audit", admin.listAdminActions(null, null));
            HttpClient http = HttpClient.newHttpClient();
            List<String> lost = new ArrayList<>();
            for (Map.Entry<String, Object> entry : read.entrySet()) {
                JsonNode raw = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(stack.projection().url(entry.getKey())))
                        .header("Authorization", ServiceProcess.bearer()).build(), HttpResponse.BodyHandlers.ofString()).body());
                if (entry.getKey().startsWith("/admin/status")) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) raw).remove(List.of("secondsSinceProgress", "replay")); // they move between two reads
                }
                JsonNode typed = client.getObjectMapper().valueToTree(entry.getValue());
                same(entry.getKey(), raw, typed, lost);
            }
            assertThat(lost).isEmpty();
            assertThat(read).hasSize(17);
            // The comparison sees a field a client would drop (its models ignore unknown fields).
            JsonNode raw = JSON.valueToTree(client.getObjectMapper().valueToTree(now));
            com.fasterxml.jackson.databind.node.ObjectNode cut = client.getObjectMapper().valueToTree(now);
            cut.remove("inTransit");
            List<String> control = new ArrayList<>();
            same("/custody", raw, cut, control);
            assertThat(control).containsExactly("/custody/inTransit: " + now.getInTransit() + " not read");
        }
    }

    /** Whether the client kept every field of the raw answer: instants by their instant, numbers by value, absent as null. */
    private static void same(String at, JsonNode raw, JsonNode typed, List<String> lost) {
        if (raw == null || raw.isNull()) {
            if (typed != null && !typed.isNull() && !typed.isMissingNode()) {
                lost.add(at + ": null read as " + typed);
            }
            return;
        }
        if (typed == null || typed.isNull() || typed.isMissingNode()) {
            lost.add(at + ": " + raw + " not read");
            return;
        }
        if (raw.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = raw.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                same(at + "/" + field.getKey(), field.getValue(), typed.get(field.getKey()), lost);
            }
        } else if (raw.isArray()) {
            if (raw.size() != typed.size()) {
                lost.add(at + ": " + raw.size() + " items read as " + typed.size());
                return;
            }
            for (int i = 0; i < raw.size(); i++) {
                same(at + "/" + i, raw.get(i), typed.get(i), lost);
            }
        } else if (raw.isNumber()) {
            if (!typed.isNumber() || raw.decimalValue().compareTo(typed.decimalValue()) != 0) {
                lost.add(at + ": " + raw + " read as " + typed);
            }
        } else if (!raw.asText().equals(typed.asText()) && !sameInstant(raw.asText(), typed)) {
            lost.add(at + ": " + raw + " read as " + typed);
        }
    }

    private static boolean sameInstant(String raw, JsonNode typed) {
        try {
            java.time.Instant instant = OffsetDateTime.parse(raw).toInstant();
            return typed.isNumber() ? instant.equals(java.time.Instant.ofEpochMilli(0).plusNanos((long) (typed.doubleValue() * 1e9)))
                    : instant.equals(OffsetDateTime.parse(typed.asText()).toInstant());
        } catch (RuntimeException notAnInstant) {
            return false;
        }
    }
}
