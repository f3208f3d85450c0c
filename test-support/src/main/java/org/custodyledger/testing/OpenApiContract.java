package org.custodyledger.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A service's published OpenAPI 3.1 document, used as a client would: a real answer is checked
 * against the schema the document gives for its operation, status and media type, with a
 * JSON-Schema validator (networknt, draft 2020-12). Stricter than the document by one rule: an
 * object of the document's own schemas has no fields it does not list, so code that adds a field
 * without documenting it fails too.
 */
public final class OpenApiContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonNode document;
    private final JsonNode strict;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final List<String> checked = new ArrayList<>();

    public OpenApiContract(String documentJson) {
        try {
            this.document = JSON.readTree(documentJson);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a JSON OpenAPI document: " + e.getMessage(), e);
        }
        this.strict = document.deepCopy();
        closeObjects(strict.path("components").path("schemas"));
    }

    public JsonNode document() {
        return document;
    }

    /** The operations checked so far, as "GET /custody 200". */
    public List<String> checked() {
        return checked;
    }

    /**
     * Problems of this answer against the document (empty when it conforms): the operation of
     * {@code method} and the request's path, the response for its status, the schema for its type.
     */
    public List<String> problems(String method, HttpResponse<String> answer) {
        String path = URI.create(answer.request().uri().toString()).getPath();
        Map.Entry<String, JsonNode> operation = operation(method, path);
        if (operation == null) {
            return List.of(method + " " + path + " is not in the document");
        }
        String status = String.valueOf(answer.statusCode());
        JsonNode response = resolve(operation.getValue().path("responses").path(status));
        if (response.isMissingNode()) {
            return List.of(method + " " + operation.getKey() + " answered " + status + ", which the document does not list");
        }
        checked.add(method + " " + operation.getKey() + " " + status);
        String type = answer.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            return answer.body().isEmpty() ? List.of() : List.of(method + " " + path + " " + status + ": a body the document does not describe");
        }
        JsonNode media = content.path(type);
        if (media.isMissingNode()) {
            return List.of(method + " " + path + " " + status + ": Content-Type " + type + ", the document lists " + names(content));
        }
        if (type.equals("application/x-ndjson")) {
            // Lines of JSON, not one document: each must be an object.
            List<String> lines = new java.util.ArrayList<>();
            for (String line : answer.body().lines().toList()) {
                try {
                    if (!JSON.readTree(line).isObject()) {
                        lines.add(method + " " + path + " " + status + ": an NDJSON line that is not an object: " + line);
                    }
                } catch (java.io.IOException e) {
                    lines.add(method + " " + path + " " + status + ": an NDJSON line that is not JSON: " + line);
                }
            }
            return lines;
        }
        if (!type.endsWith("json")) {
            return List.of();
        }
        ObjectNode root = strict.deepCopy();
        root.set("$ref", JSON.getNodeFactory().textNode("#/paths/" + pointer(operation.getKey()) + "/" + method.toLowerCase()
                + "/responses/" + status + "/content/" + pointer(type) + "/schema"));
        if (operation.getValue().path("responses").path(status).has("$ref")) {
            String ref = operation.getValue().path("responses").path(status).path("$ref").asText();
            root.set("$ref", JSON.getNodeFactory().textNode(ref + "/content/" + pointer(type) + "/schema"));
        }
        Schema schema = registry.getSchema(SchemaLocation.of("urn:openapi:contract"), root);
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (java.io.IOException e) {
            return List.of(method + " " + path + " " + status + ": not JSON: " + e.getMessage());
        }
        return schema.validate(body).stream().map(e -> method + " " + path + " " + status + ": " + e.getInstanceLocation() + " " + e.getMessage()).toList();
    }

    /** Problems of a request body against the document's request schema of {@code method path} for JSON. */
    public List<String> requestProblems(String method, String path, String json) {
        Map.Entry<String, JsonNode> operation = operation(method, path);
        if (operation == null) {
            return List.of(method + " " + path + " is not in the document");
        }
        if (operation.getValue().path("requestBody").path("content").path("application/json").isMissingNode()) {
            return List.of(method + " " + path + ": the document gives no JSON request body");
        }
        ObjectNode root = strict.deepCopy();
        root.set("$ref", JSON.getNodeFactory().textNode("#/paths/" + pointer(operation.getKey()) + "/" + method.toLowerCase()
                + "/requestBody/content/application~1json/schema"));
        Schema schema = registry.getSchema(SchemaLocation.of("urn:openapi:contract"), root);
        try {
            return schema.validate(JSON.readTree(json)).stream().map(e -> method + " " + path + " request: " + e.getInstanceLocation() + " " + e.getMessage()).toList();
        } catch (java.io.IOException e) {
            return List.of(method + " " + path + " request: not JSON: " + e.getMessage());
        }
    }

    private Map.Entry<String, JsonNode> operation(String method, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = paths.next();
            String template = entry.getKey();
            String regex = "^" + Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "$";
            if (Pattern.matches(regex, path) && entry.getValue().has(method.toLowerCase())) {
                return Map.entry(template, entry.getValue().path(method.toLowerCase()));
            }
        }
        return null;
    }

    private JsonNode resolve(JsonNode node) {
        if (node.has("$ref")) {
            String[] parts = node.path("$ref").asText().substring(2).split("/");
            JsonNode target = document;
            for (String part : parts) {
                target = target.path(part.replace("~1", "/").replace("~0", "~"));
            }
            return target;
        }
        return node;
    }

    /** additionalProperties: false on every object schema that lists its properties and says nothing of others. */
    private static void closeObjects(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.has("properties") && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            object.elements().forEachRemaining(OpenApiContract::closeObjects);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(OpenApiContract::closeObjects);
        }
    }

    private static String pointer(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> names(JsonNode content) {
        List<String> names = new ArrayList<>();
        content.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
