package org.custodyledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.custodyledger.audit.Checkpoint;
import org.custodyledger.audit.Ed25519;
import org.custodyledger.events.EventJson;
import org.custodyledger.log.MerkleTree;
import org.custodyledger.log.PartitionAudit;

/** Checkpoints a verification relies on: read from a file or the projection, each signature checked. */
final class SignedCheckpoints {
    private static final HexFormat HEX = HexFormat.of();

    private SignedCheckpoints() {
    }

    /**
     * From a URL (every page of GET /audit/checkpoints) or a file holding one checkpoint, a page
     * of them, a JSON array or NDJSON; oldest first.
     */
    static List<Checkpoint> load(String source) throws IOException {
        List<Checkpoint> found = new ArrayList<>();
        if (source.startsWith("http://") || source.startsWith("https://")) {
            Long before = null;
            do {
                JsonNode page = Http.ok(Http.get(source + (source.contains("?") ? "&" : "?") + "limit=1000" + (before == null ? "" : "&before=" + before)),
                        "reading the checkpoints at " + source);
                page.path("checkpoints").forEach(c -> found.add(Checkpoint.fromJson(c)));
                before = page.path("nextBefore").canConvertToLong() ? page.get("nextBefore").asLong() : null;
            } while (before != null);
        } else {
            Path file = Path.of(source);
            if (!Files.isReadable(file)) {
                throw new CliException(LedgerCli.FAILED, "cannot read " + file);
            }
            try (var values = EventJson.mapper().readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
                while (values.hasNext()) {
                    JsonNode node = values.next();
                    for (JsonNode c : node.isArray() ? node : node.has("checkpoints") ? node.get("checkpoints") : List.of(node)) {
                        found.add(Checkpoint.fromJson(c));
                    }
                }
            } catch (IllegalArgumentException | IOException e) {
                throw new CliException(2, file + " holds no checkpoints: " + e.getMessage());
            }
        }
        found.sort(Comparator.comparingLong(Checkpoint::sequence));
        return found;
    }

    /** Those whose signature holds under {@code keys}; each that does not is printed. */
    static List<Checkpoint> validlySigned(List<Checkpoint> checkpoints, Ed25519.PublicKeys keys) {
        List<Checkpoint> valid = new ArrayList<>();
        for (Checkpoint c : checkpoints) {
            Optional<String> problem = c.problem(keys);
            if (problem.isPresent()) {
                System.out.println("FAILED  checkpoint " + c.sequence() + " is not validly signed (" + problem.get() + "): not used");
            } else {
                valid.add(c);
            }
        }
        return valid;
    }

    /** Per partition, the heads the checkpoints vouch for. */
    static Map<Integer, List<PartitionAudit.Head>> heads(List<Checkpoint> checkpoints) {
        Map<Integer, List<PartitionAudit.Head>> heads = new HashMap<>();
        for (Checkpoint c : checkpoints) {
            for (Checkpoint.PartitionRoot p : c.partitions()) {
                heads.computeIfAbsent(p.partition(), k -> new ArrayList<>())
                        .add(new PartitionAudit.Head(p.size(), p.root(), "checkpoint " + c.sequence()));
            }
        }
        return heads;
    }

    /**
     * The projection's roots of partition {@code partition} at smaller sizes, each proven by a
     * consistency proof to {@code head}'s signed root, so they need no trust in the projection.
     */
    static PartitionAudit.AuthenticRoots provenBy(String projection, int partition, PartitionAudit.Head head) {
        return size -> {
            if (size == head.size()) {
                return HEX.parseHex(head.rootHex());
            }
            JsonNode proof = consistencyProof(projection, partition, size, head.size(),
                    "asking the projection for partition " + partition + "'s root at " + size + " records");
            byte[] from = HEX.parseHex(proof.get("fromRoot").asText());
            if (!proof.get("toRoot").asText().equals(head.rootHex()) || !leadsFrom(proof, size, from, head.size(), HEX.parseHex(head.rootHex()))) {
                throw new CliException(LedgerCli.FAILED, "the projection cannot prove that its tree of partition " + partition + " extends "
                        + head.name() + ": its stored trees no longer match what it signed");
            }
            return from;
        };
    }

    /** The projection's answer of GET /audit/consistency for a partition from {@code from} to {@code to} records. */
    static JsonNode consistencyProof(String projection, int partition, long from, long to, String what) {
        return Http.ok(Http.get(projection + "/audit/consistency?partition=" + partition + "&from=" + from + "&to=" + to), what);
    }

    /** Whether that answer's path proves (RFC 9162) that the tree with {@code toRoot} extends the one with {@code fromRoot}. */
    static boolean leadsFrom(JsonNode proof, long from, byte[] fromRoot, long to, byte[] toRoot) {
        List<byte[]> path = new ArrayList<>();
        proof.path("proof").forEach(h -> path.add(HEX.parseHex(h.asText())));
        return MerkleTree.verifyConsistency(from, to, fromRoot, toRoot, path);
    }
}
