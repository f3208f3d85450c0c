package org.custodyledger.projection.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.custodyledger.events.EventJson;
import org.custodyledger.ledger.Anomaly;
import org.custodyledger.ledger.ClaimCheck;
import org.custodyledger.ledger.FacilityView;
import org.custodyledger.ledger.StatementView;

/** The JSON documents the read API serves, one method per endpoint, the same for current and as-of reads. */
public final class ReadModels {
    /** Current state is computed as of the far future: every event recorded so far counts. */
    public static final Instant CURRENT = Instant.parse("9999-12-31T23:59:59Z");

    private static final ObjectMapper JSON = EventJson.mapper();

    private ReadModels() {
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode custody(Instant asOf, List<FacilityView> facilities, LedgerQueries.CustodyTotals custody) {
        ObjectNode doc = header(asOf);
        doc.set("facilities", JSON.valueToTree(facilities));
        doc.set("byCustodian", JSON.valueToTree(custody.byCustodian().values()));
        doc.set("byCountry", JSON.valueToTree(custody.byCountry().values()));
        doc.put("inTransit", custody.inTransit());
        return doc;
    }

    public static ObjectNode list(Instant asOf, String name, Collection<?> items) {
        ObjectNode doc = header(asOf);
        doc.set(name, JSON.valueToTree(items));
        return doc;
    }

    public static ObjectNode statements(Instant asOf, List<StatementView> views) {
        ArrayNode statements = JSON.createArrayNode();
        for (StatementView view : views) {
            ObjectNode statement = JSON.valueToTree(view.statement());
            statement.put("eventId", view.eventId().toString());
            statement.put("occurredAt", view.occurredAt().toString());
            statement.put("recordedBy", view.recordedBy());
            statement.put("recordedAt", view.recordedAt().toString());
            statements.add(statement);
        }
        ObjectNode doc = header(asOf);
        doc.set("statements", statements);
        return doc;
    }

    public static ObjectNode reconciliation(Instant asOf, List<StatementView> views) {
        ArrayNode claims = JSON.createArrayNode();
        for (StatementView view : views) {
            for (ClaimCheck check : view.checks()) {
                ObjectNode claim = JSON.valueToTree(check);
                claim.put("speaker", view.statement().speaker());
                claim.put("organization", view.statement().organization());
                claims.add(claim);
            }
        }
        ObjectNode doc = header(asOf);
        doc.set("claims", claims);
        return doc;
    }

    public static ObjectNode anomalies(Instant asOf, List<Anomaly> anomalies, JsonNode rejectedRecords, JsonNode logGaps) {
        ObjectNode doc = list(asOf, "anomalies", anomalies);
        doc.set("rejectedRecords", rejectedRecords);
        doc.set("logGaps", logGaps);
        return doc;
    }

    public static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    private static ObjectNode header(Instant asOf) {
        ObjectNode node = JSON.createObjectNode();
        // Current state is shown as asOf null ("now").
        node.put("asOf", asOf.equals(CURRENT) ? null : asOf.toString());
        return node;
    }
}
