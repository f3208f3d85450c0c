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

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: KafkaBroker <dataDir> <port> <controllerPort>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        Path properties = writeProperties(dir, port, controllerPort);
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
