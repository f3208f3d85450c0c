package org.custodyledger.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The projection's signed statement of what the log held at a time: for each partition of the
 * log {@code logId}, its Merkle tree's size and root; one {@code combinedRoot} over them all;
 * and, in the checkpoints made every {@code ledger.checkpoints.digest-every}, the digest of the
 * read models computed in the same database snapshot ({@code readModelDigest}, else null), which
 * a replay of the same records must give again. Anyone keeping checkpoints can later ask for a
 * consistency proof from one to the next and an inclusion proof of any event against one.
 *
 * <p>The signed bytes are the canonical JSON of every field but {@code signature}: keys sorted,
 * partitions in partition order, no whitespace, UTF-8; {@code combinedRoot} and
 * {@code readModelDigest} only when they are not null, so checkpoints signed before they existed
 * still verify ({@link #signedBytes}).
 */
public record Checkpoint(long sequence, String logId, Instant at, List<PartitionRoot> partitions, String combinedRoot, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) String readModelDigest,
                         String keyId, String signature) {
    private static final byte[] COMBINED_TAG = "custody-ledger/checkpoint-roots/v1".getBytes(StandardCharsets.US_ASCII);

    /** A partition's tree: its number of records and its root (hex). */
    public record PartitionRoot(int partition, long size, String root) {
    }

    public static Checkpoint sign(Ed25519.SigningKey key, long sequence, String logId, Instant at, List<PartitionRoot> partitions,
                                  String readModelDigest) {
        List<PartitionRoot> ordered = partitions.stream().sorted(Comparator.comparingInt(PartitionRoot::partition)).toList();
        String combined = combinedRoot(ordered);
        Checkpoint unsigned = new Checkpoint(sequence, logId, at, ordered, combined, readModelDigest, key.keyId(), null);
        return new Checkpoint(sequence, logId, at, ordered, combined, readModelDigest, key.keyId(), key.sign(unsigned.signedBytes()));
    }

    /**
     * SHA-256 of {@code "custody-ledger/checkpoint-roots/v1"} then, per partition in order, its
     * number (int32, big-endian), size (int64) and 32-byte root: one value naming the whole log.
     */
    public static String combinedRoot(List<PartitionRoot> partitions) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(COMBINED_TAG);
            for (PartitionRoot p : partitions.stream().sorted(Comparator.comparingInt(PartitionRoot::partition)).toList()) {
                sha256.update(ByteBuffer.allocate(12).putInt(p.partition()).putLong(p.size()).array());
                sha256.update(HexFormat.of().parseHex(p.root()));
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] signedBytes() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("at", at.toString());
        if (combinedRoot != null) {
            json.put("combinedRoot", combinedRoot);
        }
        json.put("keyId", keyId);
        json.put("logId", logId);
        ArrayNode list = json.putArray("partitions");
        partitions.stream().sorted(Comparator.comparingInt(PartitionRoot::partition))
                .forEach(p -> list.addObject().put("partition", p.partition()).put("root", p.root()).put("size", p.size()));
        if (readModelDigest != null) {
            json.put("readModelDigest", readModelDigest);
        }
        json.put("sequence", sequence);
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Why the signature does not hold (or the combined root is not its partitions'), or empty when it does. */
    public Optional<String> problem(Ed25519.PublicKeys keys) {
        if (combinedRoot != null && !combinedRoot.equals(combinedRoot(partitions))) {
            return Optional.of("its combinedRoot is not that of its partitions");
        }
        return keys.problem(keyId, signedBytes(), signature);
    }

    /** A checkpoint as GET /audit/checkpoints/latest answers it. */
    public static Checkpoint fromJson(com.fasterxml.jackson.databind.JsonNode c) {
        if (!c.path("partitions").isArray() || !c.path("sequence").canConvertToLong() || !c.path("signature").isTextual()) {
            throw new IllegalArgumentException("not a checkpoint: it needs sequence, logId, at, partitions, keyId and signature");
        }
        List<PartitionRoot> roots = new java.util.ArrayList<>();
        c.get("partitions").forEach(p -> roots.add(new PartitionRoot(p.get("partition").asInt(), p.get("size").asLong(), p.get("root").asText())));
        return new Checkpoint(c.get("sequence").asLong(), c.path("logId").asText(), Instant.parse(c.path("at").asText()), roots,
                c.path("combinedRoot").isTextual() ? c.get("combinedRoot").asText() : null,
                c.path("readModelDigest").isTextual() ? c.get("readModelDigest").asText() : null, c.path("keyId").asText(), c.get("signature").asText());
    }

    public Optional<PartitionRoot> partition(int partition) {
        return partitions.stream().filter(p -> p.partition() == partition).findFirst();
    }
}
