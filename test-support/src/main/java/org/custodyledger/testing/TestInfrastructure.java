package org.custodyledger.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.custodyledger.stack.StackProcess;

/**
 * A real Kafka broker and a real PostgreSQL for tests, each in a JVM of its own (the same
 * launchers as the local stack), started once per test JVM and shared by every test class.
 * Separate processes, not in-JVM servers, so a test can stop the broker and start it again on
 * the same port with the same log, as happens in production.
 */
public class TestInfrastructure implements QuarkusTestResourceLifecycleManager {
    private static StackProcess kafka;
    private static StackProcess postgres;
    private static org.custodyledger.stack.DatabaseLogins logins;
    private static final org.custodyledger.stack.LocalIssuer ISSUER = org.custodyledger.stack.LocalIssuer.generate();
    /** Every role, for the tests of everything but access itself. */
    private static final String TOKEN = ISSUER.token("test:suite", "test-suite", java.util.List.of("operator", "viewer", "auditor", "admin"),
            Duration.ofHours(12));

    private static final org.custodyledger.log.RecordSignatures.SigningKey SIGNING =
            org.custodyledger.log.RecordSignatures.SigningKey.generate("test-ingest");

    /** The Ed25519 key pair ingest under test signs receipts with: key id, private, public (see SignedReceipt). */
    private static final String[] RECEIPT_KEY = org.custodyledger.stack.LocalIssuer.newEd25519Key("test-receipts");

    /** The Ed25519 key pair the projection under test signs checkpoints with. */
    private static final String[] CHECKPOINT_KEY = org.custodyledger.stack.LocalIssuer.newEd25519Key("test-checkpoints");

    /** The environment that gives ingest under test its receipt key and the projection its checkpoint key. */
    public static Map<String, String> auditKeyEnvironment() {
        return Map.of("LEDGER_RECEIPT_KEY_ID", RECEIPT_KEY[0], "LEDGER_RECEIPT_KEY", RECEIPT_KEY[1], "LEDGER_RECEIPT_PUBLIC_KEY", RECEIPT_KEY[2],
                "LEDGER_CHECKPOINT_KEY_ID", CHECKPOINT_KEY[0], "LEDGER_CHECKPOINT_KEY", CHECKPOINT_KEY[1], "LEDGER_CHECKPOINT_PUBLIC_KEY", CHECKPOINT_KEY[2]);
    }

    /** The key ingest under test signs records with, and the projection under test trusts. */
    public static org.custodyledger.log.RecordSignatures.SigningKey signingKey() {
        return SIGNING;
    }

    /** A record signed as ingest signs it: for tests that write to the topic directly what the projection must trust. */
    public static org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> signed(String topic, String key, byte[] value) {
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        SIGNING.signer().sign(value, headers);
        return new org.apache.kafka.clients.producer.ProducerRecord<>(topic, null, key, value, headers);
    }

    /** The issuer whose key the services under test trust (as the local stack's): real signed tokens. */
    public static org.custodyledger.stack.LocalIssuer issuer() {
        return ISSUER;
    }

    private static boolean filterInstalled;
    private static volatile boolean defaultToken = true;

    /** Whether REST Assured requests without an Authorization header get {@link #token()} (the access tests turn it off). */
    public static void sendDefaultToken(boolean send) {
        defaultToken = send;
    }

    /** A token with every role. */
    public static String token() {
        return TOKEN;
    }

    public static synchronized void startOnce() {
        startOnce(true);
    }

    /** @param durable false for benchmark stacks that say so in their results; tests run durable, as users do */
    public static synchronized void startOnce(boolean durable) {
        if (kafka != null) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("custody-ledger-test-");
            StackProcess broker = StackProcess.kafka(dir.resolve("kafka"), StackProcess.freePort(), StackProcess.freePort());
            StackProcess database = StackProcess.postgres(dir.resolve("postgres"), StackProcess.freePort(), durable);
            // Registered first: if one fails to start, the other must not outlive this JVM.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                broker.stop();
                database.stop();
                delete(dir); // a benchmark's stack holds gigabytes; runs must not pile them up
            }));
            // Both take a few seconds; start them side by side.
            CompletableFuture<?> starting = CompletableFuture.runAsync(() -> broker.start(Duration.ofSeconds(60)));
            database.start(Duration.ofSeconds(60));
            starting.join();
            kafka = broker;
            postgres = database;
            logins = org.custodyledger.stack.DatabaseLogins.in(dir.resolve("postgres"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    public static String bootstrapServers() {
        startOnce();
        return "localhost:" + kafka.port();
    }

    public static String jdbcUrl() {
        startOnce();
        return "jdbc:postgresql://localhost:" + postgres.port() + "/custody";
    }

    /** The roles of the test PostgreSQL and their passwords (as the local stack's: password logins only). */
    public static org.custodyledger.stack.DatabaseLogins databaseLogins() {
        startOnce();
        return logins;
    }

    /** A connection as the database superuser, for tests that lock, pause or inspect what no service may. */
    public static java.sql.Connection superuser(String jdbcUrl) throws java.sql.SQLException {
        return databaseLogins().connect(jdbcUrl, org.custodyledger.stack.DatabaseLogins.SUPERUSER);
    }

    /**
     * The login of the service under test: the projection's tests have its migrations on the
     * class path, ingest's have ingest's. Each connects as its own role, as deployed.
     */
    private static String serviceRole() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader.getResource("db/projection") != null) {
            return org.custodyledger.stack.DatabaseLogins.PROJECTION;
        }
        if (loader.getResource("db/ingest") != null) {
            return org.custodyledger.stack.DatabaseLogins.INGEST;
        }
        throw new IllegalStateException("neither the projection's nor ingest's migrations are on the class path");
    }

    /**
     * Creates a topic (if absent) on the test broker with the settings of the ledger's log, and
     * returns once every partition's leader serves it (see {@link org.custodyledger.log.LogTopics#ensure}).
     */
    public static void createTopic(String name, int partitions) {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", bootstrapServers()))) {
            org.custodyledger.log.LogTopics.ensure(admin, name, partitions, (short) 1, null, 30_000);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("could not create topic " + name + ": " + e, e);
        }
    }

    /** The broker process, for tests that take it down and bring it back. */
    public static StackProcess kafka() {
        startOnce();
        return kafka;
    }

    /** The database process, for tests that pause it. */
    public static StackProcess postgres() {
        startOnce();
        return postgres;
    }

    @Override
    public Map<String, String> start() {
        // Requests of the tests carry a token with every role unless they send their own or a test turns it off.
        if (!filterInstalled) {
            io.restassured.RestAssured.filters((request, response, context) -> {
                if (defaultToken && !request.getHeaders().hasHeaderWithName("Authorization")) {
                    request.header("Authorization", "Bearer " + TOKEN);
                }
                return context.next(request, response);
            });
            filterInstalled = true;
        }
        String role = serviceRole();
        Map<String, String> config = new java.util.HashMap<>(auditKeyEnvironment());
        config.putAll(Map.of(
                "kafka.bootstrap.servers", bootstrapServers(),
                "quarkus.datasource.jdbc.url", jdbcUrl(),
                "quarkus.datasource.username", role,
                "quarkus.datasource.password", databaseLogins().password(role),
                "quarkus.oidc.public-key", ISSUER.publicKey(),
                // As the environment variables application.properties reads (a ledger.* name one
                // service does not know would fail the other's configuration check).
                "LEDGER_SIGNING_KEY_ID", SIGNING.keyId(),
                "LEDGER_SIGNING_KEY", SIGNING.privateKeyBase64(),
                "LEDGER_VERIFY_KEYS", SIGNING.verificationEntry()));
        return config;
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; the shutdown hook ends the processes.
    }
}
