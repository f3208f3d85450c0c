package org.custodyledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.custodyledger.audit.Checkpoint;
import org.custodyledger.audit.Ed25519;
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

    @Option(names = "--checkpoint", description = "a signed checkpoint (saved from GET /audit/checkpoints/latest): its signature is "
            + "checked, and the proof must lead to its root for the proof's partition, at its size (ask for the proof with ?checkpoint=SEQUENCE)")
    Path checkpoint;

    @picocli.CommandLine.Mixin
    CheckpointKeys checkpointKeys;

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
        String where = "partition " + proof.get("partition").asInt() + " offset " + proof.get("offset").asLong() + " (leaf "
                + proof.get("leafIndex").asLong() + " of " + proof.get("treeSize").asLong() + ")";
        List<String> problems = new ArrayList<>();
        String trustedRoot = root != null ? root : proof.get("root").asText();
        String trust = root != null ? "the root you gave" : "the proof's own root";
        if (checkpoint != null) {
            Checkpoint signed = readCheckpoint();
            Optional<String> bad = signed.problem(checkpointKeys.trusted(cli));
            Optional<Checkpoint.PartitionRoot> partition = signed.partition(proof.get("partition").asInt());
            if (bad.isPresent()) {
                problems.add("checkpoint " + signed.sequence() + " is not validly signed: " + bad.get());
            } else if (partition.isEmpty() || partition.get().size() != proof.get("treeSize").asLong()) {
                problems.add("checkpoint " + signed.sequence() + " has partition " + proof.get("partition").asInt() + " at size "
                        + partition.map(p -> String.valueOf(p.size())).orElse("none") + ", the proof is for size " + proof.get("treeSize").asLong()
                        + " (ask for the proof with ?checkpoint=" + signed.sequence() + ")");
            } else {
                trustedRoot = partition.get().root();
                trust = "checkpoint " + signed.sequence() + "'s root, signed by " + signed.keyId() + " at " + signed.at();
            }
        }
        byte[] trusted = HEX.parseHex(trustedRoot);
        if (!MerkleTree.verifyInclusion(proof.get("leafIndex").asLong(), proof.get("treeSize").asLong(), leaf, path, trusted)) {
            problems.add("the audit path does not lead from the leaf to " + trust);
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
        System.out.println("ok      " + where + " is in the tree with root " + HEX.formatHex(trusted) + ": " + trust
                + (root == null && checkpoint == null ? " (pass --checkpoint or --root with one you trust)" : "")
                + (log ? "; the log holds that record" : ""));
        return 0;
    }

    private Checkpoint readCheckpoint() throws IOException {
        JsonNode c = EventJson.mapper().readTree(Files.readString(checkpoint));
        try {
            return Checkpoint.fromJson(c);
        } catch (RuntimeException e) {
            throw new CliException(2, checkpoint + " is not a checkpoint (" + e.getMessage() + ")");
        }
    }

    private String leafInLog(int partition, long offset) {
        try (KafkaConsumer<String, byte[]> consumer = LogAccess.consumer(cli.bootstrap)) {
            LogAccess.At at = LogAccess.recordAt(consumer, cli.topic, partition, offset);
            return at.record() == null ? "(none: " + at.absent() + ")" : HEX.formatHex(LogLeaf.hash(at.record()));
        }
    }
}
