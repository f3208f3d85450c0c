package org.custodyledger.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this checks that it matches what the
 * services really read: every environment name it sets is read by that service, and the ports agree.
 */
class DockerComposeTest {
    private static final Path ROOT = Path.of("..", "..");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z_]+):");

    @SuppressWarnings("unchecked")
    static Map<String, Object> service(String name) throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        return (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(name);
    }

    static Set<String> variablesRead(String module) throws IOException {
        Matcher m = ENV_REFERENCE.matcher(Files.readString(ROOT.resolve(module + "/src/main/resources/application.properties")));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeSetsOnlyWhatEachServiceReadsAndPublishesItsPort() throws IOException {
        for (var entry : Map.of("ingest", List.of("ingest-service", "8080", "INGEST_PORT"),
                "projection", List.of("projection-service", "8081", "PROJECTION_PORT")).entrySet()) {
            Map<String, Object> service = service(entry.getKey());
            assertThat(service).as(entry.getKey()).isNotNull();
            Map<String, Object> build = (Map<String, Object>) service.get("build");
            assertThat(build.get("context")).isEqualTo("./" + entry.getValue().get(0));
            assertThat(ROOT.resolve(entry.getValue().get(0)).resolve(String.valueOf(build.get("dockerfile"))).normalize()).exists();
            Map<String, Object> env = (Map<String, Object>) service.get("environment");
            Set<String> read = variablesRead(entry.getValue().get(0));
            assertThat(read).containsAll(env.keySet());
            assertThat(read).contains("KAFKA_BOOTSTRAP_SERVERS", "LEDGER_JDBC_URL", entry.getValue().get(2));
            assertThat(String.valueOf(env.get(entry.getValue().get(2)))).isEqualTo(entry.getValue().get(1));
            assertThat((List<String>) service.get("ports")).as("published to this machine only")
                    .containsExactly("127.0.0.1:" + entry.getValue().get(1) + ":" + entry.getValue().get(1));
            assertThat(env.get("LEDGER_DB_USER")).as("each service its own login").isEqualTo(entry.getKey());
            assertThat(String.valueOf(env.get("KAFKA_BOOTSTRAP_SERVERS"))).isEqualTo("kafka:9092");
            assertThat(String.valueOf(env.get("LEDGER_JDBC_URL"))).startsWith("jdbc:postgresql://postgres:5432/");
        }
        assertThat(String.valueOf(service("kafka").get("image"))).startsWith("apache/kafka:4.1.2");
        // The broker keeps records forever by default, as the local broker does (KafkaBroker).
        Map<String, Object> kafka = (Map<String, Object>) service("kafka").get("environment");
        assertThat(kafka).containsEntry("KAFKA_LOG_RETENTION_MS", "-1").containsEntry("KAFKA_LOG_RETENTION_BYTES", "-1")
                .containsEntry("KAFKA_LOG_CLEANUP_POLICY", "delete");
        Path local = KafkaBroker.writeProperties(Files.createTempDirectory("broker-properties"), 1, 2);
        assertThat(Files.readAllLines(local)).contains("log.retention.ms=-1", "log.retention.bytes=-1", "log.cleanup.policy=delete");
        assertThat(((Map<String, Object>) service("postgres").get("environment")).get("POSTGRES_DB")).isEqualTo("custody");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDataOutlivesTheContainersAndEachServiceStartsOnlyOnceWhatItNeedsIsHealthy() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        assertThat(((Map<String, Object>) compose.get("volumes")).keySet()).containsExactlyInAnyOrder("kafka-data", "postgres-data");
        assertThat((List<String>) service("kafka").get("volumes")).containsExactly("kafka-data:/var/lib/kafka/data");
        assertThat(((Map<String, Object>) service("kafka").get("environment")).get("KAFKA_LOG_DIRS")).isEqualTo("/var/lib/kafka/data");
        assertThat((List<String>) service("postgres").get("volumes")).contains("postgres-data:/var/lib/postgresql/data");
        for (String name : List.of("kafka", "postgres", "ingest", "projection")) {
            Map<String, Object> check = (Map<String, Object>) service(name).get("healthcheck");
            assertThat(check).as(name + " has a health check").isNotNull().containsKeys("test", "interval", "timeout", "retries");
        }
        for (String name : List.of("ingest", "projection")) {
            String port = name.equals("ingest") ? "8080" : "8081";
            assertThat(String.valueOf(((Map<String, Object>) service(name).get("healthcheck")).get("test")))
                    .as(name + " is healthy when ready").contains("http://localhost:" + port + "/q/health/ready");
            Map<String, Map<String, String>> needs = (Map<String, Map<String, String>>) service(name).get("depends_on");
            assertThat(needs.get("postgres")).containsEntry("condition", "service_healthy");
            assertThat(needs.get("kafka-topics")).containsEntry("condition", "service_completed_successfully");
        }
        assertThat(((Map<String, Map<String, String>>) service("projection").get("depends_on")).get("ingest")).containsEntry("condition", "service_healthy");
        // The topics are made with exactly the settings ingest gives the log (kept forever).
        String create = String.join(" ", (List<String>) service("kafka-topics").get("command"));
        Map<String, String> configs = new java.util.TreeMap<>();
        Matcher config = Pattern.compile("--config ([a-z.]+)=(\\S+)").matcher(create);
        while (config.find()) {
            configs.put(config.group(1), config.group(2));
        }
        assertThat(configs).isEqualTo(new java.util.TreeMap<>(org.custodyledger.log.LogRetention.required(1, null)));
        assertThat(create).contains("for topic in custody-events custody-events.dlq;").contains("--replication-factor 1").contains("--if-not-exists");
        assertThat(create).contains("--partitions 6");
        assertThat(Files.readString(ROOT.resolve("ingest-service/src/main/resources/application.properties")))
                .contains("ledger.topic.partitions=${LEDGER_TOPIC_PARTITIONS:6}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composesPostgresGetsTheRolesAndPrivilegesOfTheLocalStack() throws IOException {
        Map<String, Object> postgres = service("postgres");
        assertThat((List<String>) postgres.get("volumes")).contains("./deploy/postgres/roles.sh:/docker-entrypoint-initdb.d/roles.sh:ro");
        String script = Files.readString(ROOT.resolve("deploy/postgres/roles.sh"));
        for (String role : List.of(DatabaseLogins.INGEST, DatabaseLogins.PROJECTION, DatabaseLogins.ANALYST)) {
            assertThat(script).contains("CREATE ROLE " + role + " LOGIN PASSWORD :'" + role + "';");
        }
        for (String privilege : DatabaseLogins.privileges(PostgresServer.DATABASE)) {
            assertThat(script).as("roles.sh says what DatabaseLogins does").contains(privilege + ";");
        }
        assertThat(script.lines().filter(l -> l.matches("(GRANT|REVOKE|ALTER|CREATE SCHEMA) .*")).count())
                .as("and nothing more").isEqualTo(DatabaseLogins.privileges(PostgresServer.DATABASE).size());
        // No password is written down: every one comes from the environment, and compose refuses to start without it.
        assertThat(Files.readString(ROOT.resolve("docker-compose.yml"))).doesNotContainPattern("PASSWORD: [a-z]")
                .contains("LEDGER_SIGNING_KEY: ${LEDGER_SIGNING_KEY:?");
    }
}
