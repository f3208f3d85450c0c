package org.custodyledger.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Ingest's proof that the ledger accepted an exact event at a position: the event's id, its
 * partition and offset, the SHA-256 of the record value stored there, when and by whom it was
 * recorded, signed with Ed25519 under a key id. Anyone with the public key checks the signature;
 * anyone who can read the log (or an export) checks that the record there hashes to
 * {@code recordSha256}, so an edited, moved or removed record shows.
 *
 * <p>The signed bytes are the canonical JSON of every field but {@code signature}: keys sorted,
 * no whitespace, UTF-8 (see {@link #signedBytes}).
 */
public record SignedReceipt(UUID eventId, int partition, long offset, String recordSha256, Instant recordedAt, String recordedBy,
                            String keyId, String signature) {
    public static final String ALGORITHM = Ed25519.ALGORITHM;

    /** The hex SHA-256 of a record value, as a receipt names it. */
    public static String recordSha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the signature covers. */
    public byte[] signedBytes() {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("eventId", eventId.toString());
        fields.put("keyId", keyId);
        fields.put("offset", offset);
        fields.put("partition", partition);
        fields.put("recordSha256", recordSha256);
        fields.put("recordedAt", recordedAt.toString());
        fields.put("recordedBy", recordedBy);
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        fields.forEach((k, v) -> {
            if (v instanceof Number n) {
                json.put(k, n.longValue());
            } else {
                json.put(k, (String) v);
            }
        });
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Ingest's signing key. */
    public record Signer(Ed25519.SigningKey key) {
        public static Signer of(String keyId, String pkcs8Base64) {
            return new Signer(Ed25519.SigningKey.of(keyId, pkcs8Base64));
        }

        public SignedReceipt sign(UUID eventId, int partition, long offset, String recordSha256, Instant recordedAt, String recordedBy) {
            SignedReceipt unsigned = new SignedReceipt(eventId, partition, offset, recordSha256, recordedAt, recordedBy, key.keyId(), null);
            return new SignedReceipt(eventId, partition, offset, recordSha256, recordedAt, recordedBy, key.keyId(), key.sign(unsigned.signedBytes()));
        }
    }

    /** The public keys receipts are checked with, by key id (several while keys rotate). */
    public record Verifier(Map<String, PublicKey> keys) {
        public static PublicKey publicKey(String x509Base64) {
            return Ed25519.PublicKeys.publicKey(x509Base64);
        }

        /** Why the receipt's signature does not hold, or empty when it does. */
        public Optional<String> problem(SignedReceipt receipt) {
            return new Ed25519.PublicKeys(keys).problem(receipt.keyId(), receipt.signedBytes(), receipt.signature());
        }
    }
}
