package org.custodyledger.stack;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs one real Kafka broker (KRaft, combined broker and controller) in this JVM: the same
 * broker for the local stack and for the tests. Formats the data directory on first start
 * and reuses it afterwards, so a restart keeps the log.
 *
 * <p>Usage: {@code KafkaBroker <dataDir> <port> <controllerPort>}
 */
public final class KafkaBroker {
    private KafkaBroker() {
    }

    /** Then {@code user:password,...}: clients authenticate with SASL PLAIN and ACLs decide; the first user is the super user. */
    public static final String SASL_USERS = "--sasl-plain-users=";

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && !(args.length == 4 && args[3].startsWith(SASL_USERS))) {
            System.err.println("usage: KafkaBroker <dataDir> <port> <controllerPort> [" + SASL_USERS + "user:password,...]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        Path properties = writeProperties(dir, port, controllerPort);
        if (args.length == 4) {
            secure(properties, port, args[3].substring(SASL_USERS.length()));
        }
        if (!Files.exists(dir.resolve("log").resolve("meta.properties"))) {
            format(properties);
        }
        System.out.println("kafka broker starting on localhost:" + port + ", data in " + dir);
        kafka.Kafka.main(new String[] {properties.toString()});
    }

    public static Path writeProperties(Path dir, int port, int controllerPort) throws IOException {
        Files.createDirectories(dir.resolve("log"));
        Path file = dir.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            for (String line : List.of(
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@localhost:" + controllerPort,
                    "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://localhost:" + port,
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "log.dirs=" + dir.resolve("log"),
                    // One node: every internal topic has a single replica.
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    // The ledger's log is kept forever: a topic created without settings of its own
                    // (by a tool, by hand) must not start deleting events after the default 7 days.
                    "log.retention.ms=-1",
                    "log.retention.bytes=-1",
                    "log.cleanup.policy=delete",
                    "auto.create.topics.enable=false")) {
                out.write(line + "\n");
            }
        }
        return file;
    }

    /**
     * Clients must sign in (SASL PLAIN over the client listener) and may do only what ACLs allow
     * them (StandardAuthorizer, nothing allowed without an ACL): a secured cluster's rules, to
     * test the services' client settings and the ACLs the README lists. The controller listener
     * stays loopback plaintext for the node's own connections.
     */
    private static void secure(Path properties, int port, String users) throws IOException {
        List<String> pairs = List.of(users.split(","));
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        String[] superUser = pairs.get(0).split(":", 2);
        jaas.append(" username=\"").append(superUser[0]).append("\" password=\"").append(superUser[1]).append('"');
        for (String pair : pairs) {
            String[] user = pair.split(":", 2);
            jaas.append(" user_").append(user[0]).append("=\"").append(user[1]).append('"');
        }
        jaas.append(';');
        String text = Files.readString(properties)
                .replace("listeners=PLAINTEXT://localhost:" + port, "listeners=SASL_PLAINTEXT://localhost:" + port)
                .replace("advertised.listeners=PLAINTEXT://", "advertised.listeners=SASL_PLAINTEXT://")
                .replace("listener.security.protocol.map=PLAINTEXT:PLAINTEXT,", "listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,");
        text += String.join("\n", List.of(
                "inter.broker.listener.name=SASL_PLAINTEXT",
                "sasl.enabled.mechanisms=PLAIN",
                "sasl.mechanism.inter.broker.protocol=PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + jaas,
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                // The node's own controller connections arrive unauthenticated on the loopback controller listener.
                "super.users=User:" + superUser[0] + ";User:ANONYMOUS")) + "\n";
        Files.writeString(properties, text);
    }

    /** StorageTool ends its JVM when done, so it runs in a child process of its own. */
    private static void format(Path properties) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process format = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", properties.toString())
                .inheritIO().start();
        if (format.waitFor() != 0) {
            throw new IllegalStateException("formatting the Kafka data directory failed; see the lines above");
        }
    }

    /**
     * A KRaft cluster id from Kafka's own generator, which never starts with '-': a hand-made
     * base64 id did one start in 64, and StorageTool read it as an option ("--cluster-id expected
     * one argument").
     */
    private static String clusterId() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }
}
