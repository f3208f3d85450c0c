package org.custodyledger.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The projection's signed statement that an answer was computed from the log as it stood: the
 * request, the SHA-256 of the answer's canonical JSON ({@link CanonicalJson}), and the log's
 * trees (each partition's size and root) read in the same database snapshot as the answer; with
 * the sequence of the checkpoint of that very state when there is one. Anyone with the public
 * key checks it offline; with a later checkpoint, a consistency proof ties it to the log.
 *
 * <p>The signed bytes are the canonical JSON of every field but {@code signature}.
 */
public record Attestation(String type, String request, String answerSha256, String logId, List<Checkpoint.PartitionRoot> partitions,
                          Long checkpoint, Instant at, String keyId, String signature) {
    public static final String TYPE = "custody-ledger/attestation/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Attestation sign(Ed25519.SigningKey key, String request, String answerSha256, String logId,
                                   List<Checkpoint.PartitionRoot> partitions, Long checkpoint, Instant at) {
        List<Checkpoint.PartitionRoot> ordered = partitions.stream().sorted(Comparator.comparingInt(Checkpoint.PartitionRoot::partition)).toList();
        Attestation unsigned = new Attestation(TYPE, request, answerSha256, logId, ordered, checkpoint, at, key.keyId(), null);
        return new Attestation(TYPE, request, answerSha256, logId, ordered, checkpoint, at, key.keyId(), key.sign(unsigned.signedBytes()));
    }

    public byte[] signedBytes() {
        ObjectNode json = JSON.createObjectNode();
        json.put("type", type);
        json.put("request", request);
        json.put("answerSha256", answerSha256);
        json.put("logId", logId);
        partitions.forEach(p -> json.withArray("partitions").addObject().put("partition", p.partition()).put("size", p.size()).put("root", p.root()));
        if (checkpoint == null) {
            json.putNull("checkpoint");
        } else {
            json.put("checkpoint", checkpoint);
        }
        json.put("at", at.toString());
        json.put("keyId", keyId);
        return CanonicalJson.bytes(json);
    }

    /** Why the signature does not hold, or empty when it does. */
    public Optional<String> problem(Ed25519.PublicKeys keys) {
        if (!TYPE.equals(type)) {
            return Optional.of("not an attestation of type " + TYPE + ": " + type);
        }
        return keys.problem(keyId, signedBytes(), signature);
    }

    public static Attestation fromJson(JsonNode a) {
        if (!a.path("answerSha256").isTextual() || !a.path("partitions").isArray() || !a.path("signature").isTextual()) {
            throw new IllegalArgumentException("not an attestation: it needs type, request, answerSha256, logId, partitions, at, keyId and signature");
        }
        List<Checkpoint.PartitionRoot> roots = new java.util.ArrayList<>();
        a.get("partitions").forEach(p -> roots.add(new Checkpoint.PartitionRoot(p.get("partition").asInt(), p.get("size").asLong(), p.get("root").asText())));
        return new Attestation(a.path("type").asText(), a.path("request").asText(), a.get("answerSha256").asText(), a.path("logId").asText(), roots,
                a.path("checkpoint").canConvertToLong() ? a.get("checkpoint").asLong() : null, Instant.parse(a.path("at").asText()),
                a.path("keyId").asText(), a.get("signature").asText());
    }
}
