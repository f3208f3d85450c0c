package org.custodyledger.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The projection's signed statement of what the log held at a time: for each partition of the
 * log {@code logId}, its Merkle tree's size and root. Anyone keeping checkpoints can later ask
 * for a consistency proof from one to the next (nothing was changed, removed or reordered) and an
 * inclusion proof of any event against one.
 *
 * <p>The signed bytes are the canonical JSON of every field but {@code signature}: keys sorted,
 * partitions in partition order, no whitespace, UTF-8 ({@link #signedBytes}).
 */
public record Checkpoint(long sequence, String logId, Instant at, List<PartitionRoot> partitions, String keyId, String signature) {
    /** A partition's tree: its number of records and its root (hex). */
    public record PartitionRoot(int partition, long size, String root) {
    }

    public static Checkpoint sign(Ed25519.SigningKey key, long sequence, String logId, Instant at, List<PartitionRoot> partitions) {
        List<PartitionRoot> ordered = partitions.stream().sorted(Comparator.comparingInt(PartitionRoot::partition)).toList();
        Checkpoint unsigned = new Checkpoint(sequence, logId, at, ordered, key.keyId(), null);
        return new Checkpoint(sequence, logId, at, ordered, key.keyId(), key.sign(unsigned.signedBytes()));
    }

    public byte[] signedBytes() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("at", at.toString());
        json.put("keyId", keyId);
        json.put("logId", logId);
        ArrayNode list = json.putArray("partitions");
        partitions.stream().sorted(Comparator.comparingInt(PartitionRoot::partition))
                .forEach(p -> list.addObject().put("partition", p.partition()).put("root", p.root()).put("size", p.size()));
        json.put("sequence", sequence);
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Why the signature does not hold, or empty when it does. */
    public Optional<String> problem(Ed25519.PublicKeys keys) {
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
                c.path("keyId").asText(), c.get("signature").asText());
    }

    public Optional<PartitionRoot> partition(int partition) {
        return partitions.stream().filter(p -> p.partition() == partition).findFirst();
    }
}
