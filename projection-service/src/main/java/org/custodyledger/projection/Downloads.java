package org.custodyledger.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.custodyledger.events.EventJson;

/**
 * The read models as tables for an analyst's own tools: which rows each read answers as CSV
 * ({@code Accept: text/csv} or {@code ?format=csv}) or NDJSON, and their columns. The columns are
 * part of the contract: stable, in this order, documented in the OpenAPI document from here.
 */
public final class Downloads {
    public static final String CSV = "text/csv";
    public static final String NDJSON = "application/x-ndjson";

    /**
     * The rows of an answer: the items of its {@code lists} (several: each row says which in
     * {@code list}), or with {@code nested} one row per item of each item's nested list, the
     * item's own fields repeated.
     */
    public record Table(String name, List<String> lists, String nested, List<String> columns) {
        public String describe() {
            return "One row per " + (nested == null ? "item of " : "line of each item of ") + String.join(", ", lists)
                    + "; columns: " + String.join(", ", columns) + ".";
        }
    }

    /** By operationId. */
    private static final Table SERIES = new Table("series", List.of("points"), null,
            List.of("start", "end", "population", "netChange", "arrivals", "departures", "capacity"));

    /** By operationId. */
    public static final Map<String, Table> TABLES = Map.ofEntries(
            Map.entry("getCustody", new Table("custody", List.of("facilities"), null,
                    List.of("facilityId", "name", "country", "custodian", "capacity", "population", "netChange"))),
            Map.entry("listOperations", new Table("operations", List.of("operations"), null,
                    List.of("operationId", "name", "lead", "plannedMax", "fromCountry", "toCountry", "initiated", "received", "inTransit",
                            "cancelled", "lost", "transfers", "firstActivity", "lastActivity"))),
            Map.entry("listTransfers", new Table("transfers", List.of("transfers"), null,
                    List.of("transferId", "operationId", "fromFacilityId", "toFacilityId", "count", "initiatedAt", "status", "finishedAt",
                            "receivedCount", "lost", "initiatedBy", "finishedBy"))),
            Map.entry("getReconciliation", new Table("reconciliation", List.of("claims"), null,
                    List.of("statementId", "claimIndex", "speaker", "organization", "metric", "scope", "scopeId", "cohort", "nationality",
                            "qualifier", "claimed", "asOf", "ledgerValue", "verdict", "why"))),
            Map.entry("listAnomalies", new Table("anomalies", List.of("anomalies"), null, List.of("kind", "eventId", "occurredAt", "subject", "detail"))),
            Map.entry("getFlows", new Table("flows", List.of("flows"), null, List.of("from", "to", "received", "lost", "cancelled"))),
            Map.entry("getFacilitySeries", SERIES), Map.entry("getCountrySeries", SERIES), Map.entry("getCustodianSeries", SERIES),
            Map.entry("getOperationSeries", new Table("operation-series", List.of("points"), null,
                    List.of("start", "end", "initiated", "received", "lost", "cancelled", "inTransit"))),
            Map.entry("getClaimEvidence", new Table("evidence", List.of("items"), null,
                    List.of("kind", "eventId", "occurredAt", "facilityId", "transferId", "count"))),
            Map.entry("getBreakdowns", new Table("breakdowns", List.of("facilities", "byCustodian", "byCountry"), "lines",
                    List.of("list", "key", "known", "cohort", "nationality", "population", "netChange", "inTransit"))));

    private Downloads() {
    }

    /** The answer's rows as flat objects with exactly the table's columns (null where absent). */
    public static List<ObjectNode> rows(Table table, JsonNode answer) {
        List<ObjectNode> rows = new ArrayList<>();
        for (String list : table.lists()) {
            for (JsonNode item : answer.path(list)) {
                if (table.nested() == null) {
                    rows.add(row(table, list, item, null));
                } else {
                    item.path(table.nested()).forEach(line -> rows.add(row(table, list, item, line)));
                }
            }
        }
        return rows;
    }

    private static ObjectNode row(Table table, String list, JsonNode item, JsonNode line) {
        ObjectNode row = EventJson.mapper().createObjectNode();
        for (String column : table.columns()) {
            JsonNode value = "list".equals(column) && table.lists().size() > 1 ? row.textNode(list)
                    : line != null && line.has(column) ? line.get(column) : item.get(column);
            row.set(column, value == null ? row.nullNode() : value);
        }
        return row;
    }

    /** RFC 4180: a header line, then one line per row, CRLF; nulls are empty cells. */
    public static String csv(Table table, JsonNode answer) {
        StringBuilder out = new StringBuilder();
        out.append(String.join(",", table.columns())).append("\r\n");
        for (ObjectNode row : rows(table, answer)) {
            List<String> cells = new ArrayList<>();
            row.fields().forEachRemaining(f -> cells.add(cell(f.getValue())));
            out.append(String.join(",", cells)).append("\r\n");
        }
        return out.toString();
    }

    /**
     * One cell. Text from events could be read as a formula by a spreadsheet (=, +, -, @ first):
     * such text is prefixed with an apostrophe; numbers stay numbers.
     */
    public static String cell(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        String text = value.isTextual() ? value.asText() : value.toString();
        if (value.isTextual() && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            text = "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    /** The items of the answer's lists, one JSON object per line (with nested lines left as they are). */
    public static String ndjson(Table table, JsonNode answer) {
        StringBuilder out = new StringBuilder();
        for (String list : table.lists()) {
            for (JsonNode item : answer.path(list)) {
                JsonNode line = item;
                if (table.lists().size() > 1) {
                    ObjectNode tagged = EventJson.mapper().createObjectNode().put("list", list);
                    item.fields().forEachRemaining(f -> tagged.set(f.getKey(), f.getValue()));
                    line = tagged;
                }
                out.append(line.toString()).append('\n');
            }
        }
        return out.toString();
    }
}
