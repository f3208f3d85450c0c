package org.custodyledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.custodyledger.events.EventJson;
import org.custodyledger.log.LogLeaf;
import org.custodyledger.log.MerkleTree;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "verify-proof", mixinStandardHelpOptions = true,
        description = "Check an inclusion proof saved from GET /audit/events/{eventId}/proof, offline (RFC 9162): that its audit path "
                + "leads from the leaf to the root, that the root is the one you trust (--root), and with --log that the record at "
                + "that position of the log is that leaf. Exit 1 if it does not hold.")
class VerifyProofCommand implements Callable<Integer> {
    private static final HexFormat HEX = HexFormat.of();

    @ParentCommand
    LedgerCli cli;

    @Option(names = {"-i", "--in"}, required = true, description = "the saved answer of GET /audit/events/{eventId}/proof")
    Path in;

    @Option(names = "--root", description = "the root (hex) you trust for that partition and tree size; default: the proof's own")
    String root;

    @Option(names = "--log", description = "also recompute the leaf from the record in the log")
    boolean log;

    @Override
    public Integer call() throws IOException {
        JsonNode proof = EventJson.mapper().readTree(Files.readString(in));
        for (String field : List.of("partition", "offset", "leafIndex", "treeSize", "leafHash", "root", "proof")) {
            if (!proof.has(field)) {
                throw new CliException(2, in + " is not an inclusion proof: it has no " + field);
            }
        }
        List<byte[]> path = new ArrayList<>();
        proof.get("proof").forEach(h -> path.add(HEX.parseHex(h.asText())));
        byte[] leaf = HEX.parseHex(proof.get("leafHash").asText());
        byte[] trusted = HEX.parseHex(root != null ? root : proof.get("root").asText());
        String where = "partition " + proof.get("partition").asInt() + " offset " + proof.get("offset").asLong() + " (leaf "
                + proof.get("leafIndex").asLong() + " of " + proof.get("treeSize").asLong() + ")";
        List<String> problems = new ArrayList<>();
        if (!MerkleTree.verifyInclusion(proof.get("leafIndex").asLong(), proof.get("treeSize").asLong(), leaf, path, trusted)) {
            problems.add("the audit path does not lead from the leaf to " + (root != null ? "the root you gave" : "the proof's root"));
        }
        if (log) {
            String found = leafInLog(proof.get("partition").asInt(), proof.get("offset").asLong());
            if (!found.equals(proof.get("leafHash").asText())) {
                problems.add("the record in the log hashes to leaf " + found + ", not " + proof.get("leafHash").asText());
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.out.println("FAILED  " + where + ": " + p));
            return LedgerCli.FAILED;
        }
        System.out.println("ok      " + where + " is in the tree with root " + HEX.formatHex(trusted)
                + (root == null ? " (the proof's own root: pass --root with one you trust, e.g. from GET /audit/tree at another time)" : "")
                + (log ? "; the log holds that record" : ""));
        return 0;
    }

    private String leafInLog(int partition, long offset) {
        try (KafkaConsumer<String, byte[]> consumer = LogAccess.consumer(cli.bootstrap)) {
            LogAccess.At at = LogAccess.recordAt(consumer, cli.topic, partition, offset);
            return at.record() == null ? "(none: " + at.absent() + ")" : HEX.formatHex(LogLeaf.hash(at.record()));
        }
    }
}
