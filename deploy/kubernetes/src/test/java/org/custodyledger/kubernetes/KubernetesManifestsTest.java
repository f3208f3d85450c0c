package org.custodyledger.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.custodyledger.log.KafkaClients;
import org.custodyledger.log.LogRetention;
import org.custodyledger.stack.DatabaseLogins;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * No Kubernetes cluster runs here, so the manifests are checked as strictly as can be without one:
 * both overlays render with kubectl kustomize; every resource is read by the typed model of its
 * operator or of Kubernetes (fabric8, Strimzi's api module, CloudNativePG's CRD schema) with
 * unknown fields refused; and what they set matches what the services read.
 */
class KubernetesManifestsTest {
    static final Path ROOT = Path.of("..", "..");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z_]+):");

    static Set<String> variablesRead(String module) throws Exception {
        Matcher m = ENV_REFERENCE.matcher(Files.readString(ROOT.resolve(module + "/src/main/resources/application.properties")));
        Set<String> names = new TreeSet<>(KafkaClients.VARIABLES);
        names.add("JAVA_TOOL_OPTIONS"); // the JVM's, from deploy/jvm
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void everyResourceIsReadByItsOwnTypedModelWithNothingUnknown(String overlay) throws Exception {
        List<JsonNode> docs = Manifests.render(overlay);
        List<String> problems = new ArrayList<>();
        for (JsonNode doc : docs) {
            problems.addAll(StrictModels.problems(doc));
            assertThat(doc.path("metadata").path("namespace").asText()).as(StrictModels.type(doc)).isEqualTo("custody-ledger");
        }
        assertThat(problems).as(overlay).isEmpty();
        assertThat(docs.stream().map(StrictModels::type).distinct()).as("every kind the deployment needs")
                .contains("kafka.strimzi.io/v1beta2/Kafka", "kafka.strimzi.io/v1beta2/KafkaNodePool", "kafka.strimzi.io/v1beta2/KafkaTopic",
                        "kafka.strimzi.io/v1beta2/KafkaUser", "postgresql.cnpg.io/v1/Cluster", "apps/v1/StatefulSet", "apps/v1/Deployment",
                        "v1/Service", "policy/v1/PodDisruptionBudget", "networking.k8s.io/v1/NetworkPolicy", "monitoring.coreos.com/v1/ServiceMonitor",
                        "v1/ConfigMap");
    }

    @Test
    void theStrictReadingRefusesAFieldItDoesNotKnowInEachKindOfModel() throws Exception {
        JsonNode deployment = Manifests.one(Manifests.render("local"), "Deployment", "projection-service").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0))
                .put("readinessProbes", "typo");
        assertThat(StrictModels.problems(deployment)).singleElement().asString().contains("readinessProbes");
        JsonNode topic = Manifests.one(Manifests.render("local"), "KafkaTopic", "custody-events").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) topic.path("spec")).put("replica", 3);
        assertThat(StrictModels.problems(topic)).singleElement().asString().contains("replica");
        JsonNode cluster = Manifests.one(Manifests.render("production"), "Cluster", "ledger-db").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) cluster.path("spec").path("backup")).put("retention", "30d");
        ((com.fasterxml.jackson.databind.node.ObjectNode) cluster.path("spec")).put("instances", "three");
        assertThat(StrictModels.problems(cluster)).hasSize(2).anySatisfy(p -> assertThat(p).contains("unknown field retention"))
                .anySatisfy(p -> assertThat(p).contains("spec.instances: must be an integer"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void theServicesGetOnlyWhatTheyReadOnTheirPortsAndProbesAndJvmOptions(String overlay) throws Exception {
        List<JsonNode> docs = Manifests.render(overlay);
        JsonNode config = Manifests.all(docs, "ConfigMap").stream().filter(c -> c.path("metadata").path("name").asText().startsWith("ledger-config"))
                .findFirst().orElseThrow();
        for (var service : Map.of("ingest-service", List.of("StatefulSet", "8080", "INGEST_PORT", "ingest"),
                "projection-service", List.of("Deployment", "8081", "PROJECTION_PORT", "projection")).entrySet()) {
            String name = service.getKey();
            JsonNode workload = Manifests.one(docs, service.getValue().get(0), name);
            JsonNode pod = workload.path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").get(0);
            Set<String> set = new TreeSet<>();
            container.path("env").forEach(e -> set.add(e.path("name").asText()));
            config.path("data").fieldNames().forEachRemaining(set::add);
            assertThat(variablesRead(name)).as(name + " reads every variable it is given").containsAll(set);
            Map<String, String> env = new TreeMap<>();
            container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText(null)));
            config.path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            assertThat(env.get(service.getValue().get(2))).isEqualTo(service.getValue().get(1));
            assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(Integer.parseInt(service.getValue().get(1)));
            assertThat(env.get("LEDGER_DB_USER")).as("each service its own database login").isEqualTo(service.getValue().get(3));
            assertThat(env.get("KAFKA_SASL_USERNAME")).as("and its own Kafka user").isEqualTo(service.getValue().get(3));
            assertThat(Manifests.one(docs, "KafkaUser", service.getValue().get(3))).isNotNull();
            for (var probe : Map.of("startupProbe", "/q/health/started", "readinessProbe", "/q/health/ready", "livenessProbe", "/q/health/live").entrySet()) {
                assertThat(container.path(probe.getKey()).path("httpGet").path("path").asText()).as(name + " " + probe.getKey()).isEqualTo(probe.getValue());
                assertThat(container.path(probe.getKey()).path("httpGet").path("port").asText()).isEqualTo("http");
            }
            // The JVM options of deploy/jvm, as ./ledger and the tests run it; memory limited above the heap.
            String options = String.join(" ", Files.readAllLines(ROOT.resolve("deploy/jvm/" + name + ".options")).stream()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
            assertThat(env.get("JAVA_TOOL_OPTIONS")).isEqualTo(options);
            long heapMb = Long.parseLong(options.replaceAll(".*-Xmx(\\d+)m.*", "$1"));
            String limit = container.path("resources").path("limits").path("memory").asText();
            assertThat(Long.parseLong(limit.replace("Mi", ""))).as(name + " memory limit over its heap").isGreaterThan(heapMb + 100);
            assertThat(container.path("resources").path("requests").path("memory").asText()).isEqualTo(limit);
            // Non-root, read-only root file system, nothing extra.
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
            assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
            assertThat(container.path("securityContext").path("capabilities").path("drop").toString()).isEqualTo("[\"ALL\"]");
            assertThat(Files.readString(ROOT.resolve("deploy/Dockerfile.jvm"))).contains("USER 185");
            assertThat(pod.path("securityContext").path("runAsUser").asInt()).isEqualTo(185);
            // Each has its Service, disruption budget, network policy and metrics scrape.
            assertThat(Manifests.one(docs, "Service", name).path("spec").path("ports").get(0).path("port").asInt())
                    .isEqualTo(Integer.parseInt(service.getValue().get(1)));
            assertThat(Manifests.one(docs, "PodDisruptionBudget", name).path("spec").path("minAvailable").asInt()).isEqualTo(1);
            JsonNode policy = Manifests.one(docs, "NetworkPolicy", name);
            assertThat(policy.path("spec").path("policyTypes").toString()).isEqualTo("[\"Ingress\",\"Egress\"]");
            assertThat(policy.path("spec").path("ingress").get(0).path("ports").get(0).path("port").asInt()).isEqualTo(Integer.parseInt(service.getValue().get(1)));
            List<Integer> egress = new ArrayList<>();
            policy.path("spec").path("egress").forEach(rule -> rule.path("ports").forEach(p -> egress.add(p.path("port").asInt())));
            assertThat(egress).as("only Kafka, PostgreSQL, DNS and HTTPS").containsExactlyInAnyOrder(9093, 5432, 53, 53, 443);
            assertThat(Manifests.one(docs, "ServiceMonitor", name).path("spec").path("endpoints").get(0).path("path").asText()).isEqualTo("/q/metrics");
            if (overlay.equals("production")) {
                assertThat(workload.path("spec").path("replicas").asInt()).as(name + " replicas").isGreaterThanOrEqualTo(2);
            }
        }
        // A stable, distinct transactional id per ingest pod: its own name.
        JsonNode ingest = Manifests.one(docs, "StatefulSet", "ingest-service").path("spec").path("template").path("spec").path("containers").get(0);
        JsonNode instance = null;
        for (JsonNode e : ingest.path("env")) {
            if (e.path("name").asText().equals("LEDGER_INSTANCE_ID")) {
                instance = e;
            }
        }
        assertThat(instance).isNotNull();
        assertThat(instance.path("valueFrom").path("fieldRef").path("fieldPath").asText()).isEqualTo("metadata.name");
        assertThat(config.path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("ledger-kafka-bootstrap:9093");
        assertThat(config.path("data").path("LEDGER_JDBC_URL").asText()).isEqualTo("jdbc:postgresql://ledger-db-rw:5432/custody");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void theLogIsKeptForeverOnEnoughReplicasAndEachUserMayDoOnlyItsPart(String overlay) throws Exception {
        List<JsonNode> docs = Manifests.render(overlay);
        int nodes = overlay.equals("production") ? 3 : 1;
        assertThat(Manifests.one(docs, "KafkaNodePool", "ledger").path("spec").path("replicas").asInt()).isEqualTo(nodes);
        JsonNode broker = Manifests.one(docs, "Kafka", "ledger").path("spec").path("kafka").path("config");
        assertThat(broker.path("min.insync.replicas").asInt()).isEqualTo(Math.min(2, nodes));
        assertThat(broker.path("log.retention.ms").asLong()).isEqualTo(-1);
        for (String topic : List.of("custody-events", "custody-events.dlq", "custody-events.checkpoints")) {
            JsonNode spec = Manifests.one(docs, "KafkaTopic", topic).path("spec");
            assertThat(spec.path("replicas").asInt()).isEqualTo(nodes);
            Map<String, String> settings = new TreeMap<>();
            spec.path("config").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
            assertThat(settings).as(topic).isEqualTo(new TreeMap<>(LogRetention.required(nodes, null)));
        }
        JsonNode config = Manifests.all(docs, "ConfigMap").stream().filter(c -> c.path("metadata").path("name").asText().startsWith("ledger-config"))
                .findFirst().orElseThrow();
        assertThat(config.path("data").path("LEDGER_TOPIC_REPLICATION").asInt()).isEqualTo(nodes);
        // ACLs as README "Security" lists them, plus the checkpoints topic the projection signs into.
        assertThat(acls(docs, "ingest")).containsExactlyInAnyOrder("topic custody-events literal [Describe, DescribeConfigs, Write, Read]",
                "transactionalId custody-ingest- prefix [Describe, Write]");
        assertThat(acls(docs, "projection")).containsExactlyInAnyOrder("topic custody-events literal [Describe, DescribeConfigs, Read]",
                "topic custody-events.dlq literal [Describe, DescribeConfigs, Write]",
                "topic custody-events.checkpoints literal [Describe, DescribeConfigs, Write, Read]");
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains("| ingest | transactional id prefix `custody-ingest-` | Write, Describe |");
        assertThat(Files.readString(ROOT.resolve("ingest-service/src/main/java/org/custodyledger/ingest/EventLog.java"))).contains("\"custody-ingest-\" + instance");
    }

    static List<String> acls(List<JsonNode> docs, String user) {
        List<String> acls = new ArrayList<>();
        for (JsonNode acl : Manifests.one(docs, "KafkaUser", user).path("spec").path("authorization").path("acls")) {
            List<String> operations = new ArrayList<>();
            acl.path("operations").forEach(o -> operations.add(o.asText()));
            acls.add(acl.path("resource").path("type").asText() + " " + acl.path("resource").path("name").asText() + " "
                    + acl.path("resource").path("patternType").asText() + " " + operations);
        }
        return acls;
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void postgresHasTheRolesAndPrivilegesOfTheLocalStackAndProductionIsBackedUp(String overlay) throws Exception {
        List<JsonNode> docs = Manifests.render(overlay);
        JsonNode cluster = Manifests.one(docs, "Cluster", "ledger-db").path("spec");
        assertThat(cluster.path("instances").asInt()).isEqualTo(overlay.equals("production") ? 3 : 1);
        List<String> roles = new ArrayList<>();
        cluster.path("managed").path("roles").forEach(r -> roles.add(r.path("name").asText()));
        assertThat(roles).containsExactlyInAnyOrder(DatabaseLogins.INGEST, DatabaseLogins.PROJECTION, DatabaseLogins.ANALYST);
        assertThat(cluster.path("bootstrap").path("initdb").path("database").asText()).isEqualTo("custody");
        String sql = Manifests.all(docs, "ConfigMap").stream().filter(c -> c.path("metadata").path("name").asText().startsWith("ledger-db-privileges"))
                .findFirst().orElseThrow().path("data").path("privileges.sql").asText();
        assertThat(sql.lines().toList()).isEqualTo(DatabaseLogins.privileges("custody").stream().map(p -> p + ";").toList());
        assertThat(cluster.path("bootstrap").path("initdb").path("postInitApplicationSQLRefs").path("configMapRefs").get(0).path("name").asText())
                .isEqualTo(Manifests.all(docs, "ConfigMap").stream().map(c -> c.path("metadata").path("name").asText())
                        .filter(n -> n.startsWith("ledger-db-privileges")).findFirst().orElseThrow());
        if (overlay.equals("production")) {
            assertThat(cluster.path("backup").path("barmanObjectStore").path("destinationPath").asText()).startsWith("s3://");
            assertThat(cluster.path("minSyncReplicas").asInt()).isEqualTo(1);
            JsonNode backup = Manifests.one(docs, "ScheduledBackup", "ledger-db-daily").path("spec");
            assertThat(backup.path("cluster").path("name").asText()).isEqualTo("ledger-db");
            assertThat(backup.path("schedule").asText().split(" ")).hasSize(6);
        }
    }
}
