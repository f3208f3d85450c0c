package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.custodyledger.log.KafkaClients;
import org.custodyledger.stack.StackProcess;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.ServiceProcess;
import org.junit.jupiter.api.Test;

/**
 * Both services and the CLI against a cluster that wants SASL sign-in and enforces ACLs (nothing
 * allowed without one): with the client settings of the environment and exactly the ACLs the
 * README lists, events are appended, projected and exported; the projection's user cannot write
 * to the log, and a client that does not sign in reads nothing.
 */
class SecuredKafkaIT {
    private static final String TOPIC = "secured_events";

    @Test
    void theServicesRunOnASecuredClusterWithTheAclsTheReadmeLists() throws Exception {
        Path dir = Files.createTempDirectory("secured-kafka-");
        try (StackProcess broker = StackProcess.securedKafka(dir, StackProcess.freePort(), StackProcess.freePort(),
                "broker:broker-secret,ingest:ingest-secret,projection:projection-secret,auditor:auditor-secret,newcomer:newcomer-secret")) {
            broker.start(Duration.ofSeconds(60));
            String bootstrap = "localhost:" + broker.port();
            try (Admin admin = Admin.create(client(bootstrap, "broker", "broker-secret"))) {
                admin.createAcls(readmeAcls()).all().get();
            }
            Map<String, String> env = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "LEDGER_TOPIC", TOPIC,
                    "LEDGER_JDBC_URL", LedgerStack.createDatabase(TOPIC), "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                    "KAFKA_SASL_MECHANISM", "PLAIN"));
            Map<String, String> ingestEnv = new HashMap<>(env);
            ingestEnv.putAll(Map.of("KAFKA_SASL_USERNAME", "ingest", "KAFKA_SASL_PASSWORD", "ingest-secret"));
            Map<String, String> projectionEnv = new HashMap<>(env);
            projectionEnv.putAll(Map.of("KAFKA_SASL_USERNAME", "projection", "KAFKA_SASL_PASSWORD", "projection-secret"));
            try (ServiceProcess ingest = LedgerStack.startIngest(SeedCaseIT.ROOT, ingestEnv, true);
                 ServiceProcess projection = LedgerStack.startProjection(SeedCaseIT.ROOT, projectionEnv, Map.of())) {
                HttpResponse<String> posted = ServiceProcess.post(ingest.url("/events/batch"), "application/x-ndjson", String.join("\n",
                        "{\"type\":\"FacilityRegistered\",\"occurredAt\":\"2026-01-21T00:00:00Z\",\"data\":{\"facilityId\":\"f-secured\","
                                + "\"name\":\"Secured\",\"country\":\"IQ\",\"custodian\":\"iraq\",\"capacity\":100}}",
                        "{\"type\":\"CensusRecorded\",\"occurredAt\":\"2026-01-22T00:00:00Z\",\"data\":{\"facilityId\":\"f-secured\",\"population\":42}}"));
                assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
                String token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(posted.body()).get("consistencyToken").asText();
                HttpResponse<String> read = ServiceProcess.get(projection.url("/facilities/f-secured?consistencyToken=" + token));
                assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
                assertThat(read.body()).contains("\"population\":42");

                // The CLI reads the raw log as an auditor.
                Path export = Files.createTempFile("secured-export", ".ndjson");
                Map<String, String> cliEnv = new HashMap<>(EngineersIT.cliEnv(new LedgerStack(SeedCaseIT.ROOT, ingest, projection, env), projection));
                cliEnv.putAll(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                        "KAFKA_SASL_MECHANISM", "PLAIN", "KAFKA_SASL_USERNAME", "auditor", "KAFKA_SASL_PASSWORD", "auditor-secret"));
                EngineersIT.Run exported = EngineersIT.cli(cliEnv, "export", "--out", export.toString());
                assertThat(exported.exit()).as(exported.err()).isZero();
                assertThat(Files.readAllLines(export)).hasSize(2);
            }

            // An ingest user without the transactional-id ACL: readiness says so, with the fix, and comes back once it is granted.
            Map<String, String> newcomerEnv = new HashMap<>(env);
            newcomerEnv.putAll(Map.of("KAFKA_SASL_USERNAME", "newcomer", "KAFKA_SASL_PASSWORD", "newcomer-secret"));
            try (Admin admin = Admin.create(client(bootstrap, "broker", "broker-secret"))) {
                List<AclBinding> topicOnly = new java.util.ArrayList<>();
                allow(topicOnly, "newcomer", new ResourcePattern(ResourceType.TOPIC, TOPIC, PatternType.LITERAL),
                        AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
                admin.createAcls(topicOnly).all().get();
                try (ServiceProcess newcomer = LedgerStack.startIngest(SeedCaseIT.ROOT, newcomerEnv, false)) {
                    HttpResponse<String> ready = null;
                    for (int i = 0; i < 60 && (ready == null || ready.statusCode() == 200); i++) {
                        Thread.sleep(500);
                        ready = ServiceProcess.get(newcomer.url("/q/health/ready"));
                    }
                    assertThat(ready.statusCode()).isEqualTo(503);
                    assertThat(ready.body()).contains("Kafka refuses ingest's user", "TransactionalIdAuthorizationException", "custody-ingest-");
                    List<AclBinding> transactions = new java.util.ArrayList<>();
                    allow(transactions, "newcomer", new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "custody-ingest-", PatternType.PREFIXED),
                            AclOperation.WRITE, AclOperation.DESCRIBE);
                    admin.createAcls(transactions).all().get();
                    for (int i = 0; i < 60 && ready.statusCode() != 200; i++) {
                        Thread.sleep(500);
                        ready = ServiceProcess.get(newcomer.url("/q/health/ready"));
                    }
                    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                }
            }

            // The projection's user may read the log, never write to it.
            Map<String, Object> producer = client(bootstrap, "projection", "projection-secret");
            producer.putAll(Map.of("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class,
                    "value.serializer", org.apache.kafka.common.serialization.StringSerializer.class, "max.block.ms", 5_000));
            try (KafkaProducer<String, String> forger = new KafkaProducer<>(producer)) {
                assertThatThrownBy(() -> forger.send(new ProducerRecord<>(TOPIC, "k", "{}")).get())
                        .hasCauseInstanceOf(org.apache.kafka.common.errors.TopicAuthorizationException.class);
            }
            // A client that does not sign in gets nothing.
            try (Admin anonymous = Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", 3_000, "default.api.timeout.ms", 5_000))) {
                assertThatThrownBy(() -> anonymous.listTopics().names().get()).isInstanceOf(java.util.concurrent.ExecutionException.class);
            }
        }
    }

    private static Map<String, Object> client(String bootstrap, String user, String password) {
        Map<String, Object> config = new HashMap<>(KafkaClients.security(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", "PLAIN", "KAFKA_SASL_USERNAME", user, "KAFKA_SASL_PASSWORD", password)));
        config.put("bootstrap.servers", bootstrap);
        return config;
    }

    /** The README's ACL table (section "Security"), for the topic {@value #TOPIC}. */
    private static List<AclBinding> readmeAcls() {
        List<AclBinding> acls = new java.util.ArrayList<>();
        ResourcePattern log = new ResourcePattern(ResourceType.TOPIC, TOPIC, PatternType.LITERAL);
        ResourcePattern dlq = new ResourcePattern(ResourceType.TOPIC, TOPIC + ".dlq", PatternType.LITERAL);
        ResourcePattern transactions = new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "custody-ingest-", PatternType.PREFIXED);
        ResourcePattern cliGroups = new ResourcePattern(ResourceType.GROUP, "ledger-cli-", PatternType.PREFIXED);
        allow(acls, "ingest", log, AclOperation.CREATE, AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        allow(acls, "ingest", transactions, AclOperation.WRITE, AclOperation.DESCRIBE);
        allow(acls, "projection", log, AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        allow(acls, "projection", dlq, AclOperation.CREATE, AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        allow(acls, "auditor", log, AclOperation.READ, AclOperation.DESCRIBE);
        allow(acls, "auditor", dlq, AclOperation.READ, AclOperation.DESCRIBE);
        allow(acls, "auditor", cliGroups, AclOperation.READ);
        return acls;
    }

    private static void allow(List<AclBinding> acls, String user, ResourcePattern resource, AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(resource, new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
        }
    }
}
