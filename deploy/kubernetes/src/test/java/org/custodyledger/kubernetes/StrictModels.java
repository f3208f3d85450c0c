package org.custodyledger.kubernetes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a manifest into the typed model its operator or Kubernetes defines, refusing what the
 * model does not know. fabric8's and Strimzi's models keep unknown fields in an
 * additionalProperties map instead of failing, so every such map in the read object must be
 * empty. CloudNativePG has no Java model: its resources are checked against the operator's own
 * CRD schema ({@link #checkAgainstCrd}), where a field the schema does not declare is an error.
 */
final class StrictModels {
    static final ObjectMapper MAPPER = JsonMapper.builder().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true).build();

    static final Map<String, Class<?>> TYPED = Map.ofEntries(
            Map.entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("apps/v1/StatefulSet", io.fabric8.kubernetes.api.model.apps.StatefulSet.class),
            Map.entry("policy/v1/PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class));

    static final Map<String, Path> CRDS = Map.of(
            "postgresql.cnpg.io/v1/Cluster", Path.of("crds/postgresql.cnpg.io_clusters.yaml"),
            "postgresql.cnpg.io/v1/ScheduledBackup", Path.of("crds/postgresql.cnpg.io_scheduledbackups.yaml"));

    private StrictModels() {
    }

    static String type(JsonNode doc) {
        return doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
    }

    /** The problems with one resource: empty when its model reads all of it. */
    static List<String> problems(JsonNode doc) throws Exception {
        String type = type(doc);
        String name = type + " " + doc.path("metadata").path("name").asText();
        if (TYPED.containsKey(type)) {
            Object read;
            try {
                read = MAPPER.treeToValue(doc, TYPED.get(type));
            } catch (Exception e) {
                return List.of(name + ": " + e.getMessage().lines().findFirst().orElse(""));
            }
            List<String> unknown = new ArrayList<>();
            unknownFields(read, name, unknown, new IdentityHashMap<>());
            return unknown;
        }
        if (CRDS.containsKey(type)) {
            List<String> problems = new ArrayList<>();
            JsonNode crd = Manifests.documents(Files.readString(CRDS.get(type))).get(0);
            for (JsonNode version : crd.path("spec").path("versions")) {
                if (version.path("name").asText().equals(doc.path("apiVersion").asText().split("/")[1])) {
                    JsonNode schema = version.path("schema").path("openAPIV3Schema");
                    JsonNode body = doc.deepCopy();
                    ((com.fasterxml.jackson.databind.node.ObjectNode) body).remove(List.of("apiVersion", "kind", "metadata"));
                    checkAgainstCrd(body, schema, name, problems, true);
                    return problems;
                }
            }
            return List.of(name + ": the CRD has no version " + doc.path("apiVersion").asText());
        }
        return List.of(name + ": no typed model or CRD schema is known for " + type + "; add one to StrictModels");
    }

    /** Every additionalProperties map reachable from the object must be empty: those are the fields the model does not know. */
    private static void unknownFields(Object o, String path, List<String> found, IdentityHashMap<Object, Boolean> seen) throws Exception {
        if (o == null || seen.put(o, true) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                unknownFields(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (var e : m.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), found, seen);
            }
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!(pkg.startsWith("io.fabric8") || pkg.startsWith("io.strimzi"))) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    found.add(path + ": unknown field(s) " + extra.keySet());
                }
                continue;
            }
            unknownFields(value, path + "." + Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4), found, seen);
        }
    }

    /** A structural OpenAPI v3 schema as Kubernetes applies it, strictly: undeclared fields are errors. */
    static void checkAgainstCrd(JsonNode value, JsonNode schema, String path, List<String> problems, boolean root) {
        if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false) && !schema.has("properties")) {
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!(value.isIntegralNumber() || value.isTextual())) {
                problems.add(path + ": must be an integer or a string");
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(path + ": must be an object");
                    return;
                }
                for (JsonNode required : root ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : schema.path("required")) {
                    if (!value.has(required.asText())) {
                        problems.add(path + ": " + required.asText() + " is required");
                    }
                }
                JsonNode properties = schema.path("properties");
                for (var field : (Iterable<Map.Entry<String, JsonNode>>) value::fields) {
                    if (properties.has(field.getKey())) {
                        checkAgainstCrd(field.getValue(), properties.get(field.getKey()), path + "." + field.getKey(), problems, false);
                    } else if (schema.path("additionalProperties").isObject()) {
                        checkAgainstCrd(field.getValue(), schema.get("additionalProperties"), path + "." + field.getKey(), problems, false);
                    } else if (!schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                        problems.add(path + ": unknown field " + field.getKey());
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(path + ": must be a list");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    checkAgainstCrd(value.get(i), schema.path("items"), path + "[" + i + "]", problems, false);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(path + ": must be a string");
                } else if (schema.has("enum")) {
                    boolean listed = false;
                    for (JsonNode e : schema.get("enum")) {
                        listed |= e.asText().equals(value.asText());
                    }
                    if (!listed) {
                        problems.add(path + ": '" + value.asText() + "' is not one of " + schema.get("enum"));
                    }
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(path + ": must be an integer");
                } else if (schema.has("minimum") && value.asLong() < schema.get("minimum").asLong()) {
                    problems.add(path + ": below the minimum " + schema.get("minimum"));
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(path + ": must be true or false");
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(path + ": must be a number");
                }
            }
            default -> {
                if (!root && !type.isEmpty()) {
                    problems.add(path + ": schema type " + type + " is not checked");
                }
            }
        }
    }
}
