package org.custodyledger.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
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
    public static final String ALGORITHM = "Ed25519";

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
    public record Signer(String keyId, PrivateKey key) {
        public static Signer of(String keyId, String pkcs8Base64) {
            try {
                return new Signer(keyId, KeyFactory.getInstance(ALGORITHM).generatePrivate(
                        new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pkcs8Base64.strip()))));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalArgumentException("not an Ed25519 private key (base64 of PKCS#8): " + e.getMessage(), e);
            }
        }

        public SignedReceipt sign(UUID eventId, int partition, long offset, String recordSha256, Instant recordedAt, String recordedBy) {
            SignedReceipt unsigned = new SignedReceipt(eventId, partition, offset, recordSha256, recordedAt, recordedBy, keyId, null);
            try {
                Signature ed25519 = Signature.getInstance(ALGORITHM);
                ed25519.initSign(key);
                ed25519.update(unsigned.signedBytes());
                return new SignedReceipt(eventId, partition, offset, recordSha256, recordedAt, recordedBy, keyId,
                        Base64.getEncoder().encodeToString(ed25519.sign()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The public keys receipts are checked with, by key id (several while keys rotate). */
    public record Verifier(Map<String, PublicKey> keys) {
        public static PublicKey publicKey(String x509Base64) {
            try {
                return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(x509Base64.strip())));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalArgumentException("not an Ed25519 public key (base64 of X.509): " + e.getMessage(), e);
            }
        }

        /** Why the receipt's signature does not hold, or empty when it does. */
        public Optional<String> problem(SignedReceipt receipt) {
            PublicKey key = keys.get(receipt.keyId());
            if (key == null) {
                return Optional.of("signed with key " + receipt.keyId() + ", which is not among " + keys.keySet());
            }
            try {
                Signature ed25519 = Signature.getInstance(ALGORITHM);
                ed25519.initVerify(key);
                ed25519.update(receipt.signedBytes());
                return ed25519.verify(Base64.getDecoder().decode(receipt.signature())) ? Optional.empty()
                        : Optional.of("the signature does not match the receipt's contents");
            } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
                return Optional.of("the signature is not readable: " + e.getMessage());
            }
        }
    }
}
