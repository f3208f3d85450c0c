package org.custodyledger.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.custodyledger.events.EventJson;
import org.custodyledger.ledger.ClaimCheck;
import org.custodyledger.ledger.LedgerSnapshot;
import org.custodyledger.ledger.StatementView;

/**
 * The JSON documents the read API serves, made from a snapshot. The same mapping serves current
 * state (stored after each unit of work) and as-of reads (computed on request), so they agree.
 */
public final class ReadModels {
    public static final String CUSTODY = "custody";
    public static final String OPERATIONS = "operations";
    public static final String TRANSFERS = "transfers";
    public static final String STATEMENTS = "statements";
    public static final String RECONCILIATION = "reconciliation";
    public static final String ANOMALIES = "anomalies";

    /** Current views are folded as of the far future: every event recorded so far counts. */
    public static final java.time.Instant CURRENT = java.time.Instant.parse("9999-12-31T23:59:59Z");

    private static final ObjectMapper JSON = EventJson.mapper();

    private ReadModels() {
    }

    public static Map<String, JsonNode> documents(LedgerSnapshot s) {
        Map<String, JsonNode> docs = new LinkedHashMap<>();
        ObjectNode custody = header(s);
        custody.set("facilities", JSON.valueToTree(s.facilities().values()));
        custody.set("byCustodian", JSON.valueToTree(s.byCustodian().values()));
        custody.set("byCountry", JSON.valueToTree(s.byCountry().values()));
        custody.put("inTransit", s.inTransit());
        docs.put(CUSTODY, custody);
        docs.put(OPERATIONS, header(s).set("operations", JSON.valueToTree(s.operations().values())));
        docs.put(TRANSFERS, header(s).set("transfers", JSON.valueToTree(s.transfers().values())));
        ArrayNode statements = JSON.createArrayNode();
        ArrayNode claims = JSON.createArrayNode();
        for (StatementView view : s.statements()) {
            ObjectNode statement = JSON.valueToTree(view.statement());
            statement.put("eventId", view.eventId().toString());
            statement.put("occurredAt", view.occurredAt().toString());
            statements.add(statement);
            for (ClaimCheck check : view.checks()) {
                ObjectNode claim = JSON.valueToTree(check);
                claim.put("speaker", view.statement().speaker());
                claim.put("organization", view.statement().organization());
                claims.add(claim);
            }
        }
        docs.put(STATEMENTS, header(s).set("statements", statements));
        docs.put(RECONCILIATION, header(s).set("claims", claims));
        docs.put(ANOMALIES, header(s).set("anomalies", JSON.valueToTree(s.anomalies())));
        return docs;
    }

    private static ObjectNode header(LedgerSnapshot s) {
        ObjectNode node = JSON.createObjectNode();
        // Current state is folded as of the far future; it is shown as asOf null ("now").
        node.put("asOf", s.asOf().equals(CURRENT) ? null : s.asOf().toString());
        return node;
    }
}
