package org.custodyledger.audit;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Ed25519 signatures over canonical bytes, with keys named by id: what receipts and checkpoints are signed with. */
public final class Ed25519 {
    public static final String ALGORITHM = "Ed25519";

    private Ed25519() {
    }

    /**
     * A private key and the id its signatures name. Signed with BouncyCastle's Ed25519, which keeps
     * the public key and precomputed tables: the JDK's (17) took ~1.3 ms per signature here, and
     * ingest signs a receipt per event. Ed25519 is deterministic, so the signatures are the same bytes.
     */
    public record SigningKey(String keyId, org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters key) {
        public static SigningKey of(String keyId, String pkcs8Base64) {
            try {
                PrivateKey key = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pkcs8Base64.strip())));
                byte[] seed = ((java.security.interfaces.EdECPrivateKey) key).getBytes()
                        .orElseThrow(() -> new IllegalArgumentException("the key has no private bytes"));
                return new SigningKey(keyId, new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(seed, 0));
            } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
                throw new IllegalArgumentException("not an Ed25519 private key (base64 of PKCS#8): " + e.getMessage(), e);
            }
        }

        /** Base64 of the signature of {@code bytes}. */
        public String sign(byte[] bytes) {
            byte[] signature = new byte[org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters.SIGNATURE_SIZE];
            key.sign(org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519, null, bytes, 0, bytes.length, signature, 0);
            return Base64.getEncoder().encodeToString(signature);
        }
    }

    /** The public keys signatures are checked with, by key id (several while keys rotate). */
    public record PublicKeys(Map<String, PublicKey> keys) {
        public static PublicKey publicKey(String x509Base64) {
            try {
                return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(x509Base64.strip())));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalArgumentException("not an Ed25519 public key (base64 of X.509): " + e.getMessage(), e);
            }
        }

        /** Why {@code signature} (base64) is not {@code keyId}'s over {@code bytes}, or empty when it is. */
        /**
         * A service's published keys: its own, then earlier ones still listed after a rotation
         * ({@code previous}: comma-separated {@code keyId=base64(X.509)}), each checked now, so a
         * malformed one stops the start and not a later verification. Key id to base64.
         */
        public static Map<String, String> published(String keyId, String publicKey, String previousVariable, String previous) {
            publicKey(publicKey);
            Map<String, String> keys = new java.util.LinkedHashMap<>();
            keys.put(keyId, publicKey.strip());
            for (String entry : previous == null ? new String[0] : previous.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                int eq = entry.indexOf('=');
                if (eq < 1 || entry.substring(eq + 1).isBlank()) {
                    throw new IllegalStateException(previousVariable + ": each entry is keyId=base64(X.509 public key); not " + entry);
                }
                publicKey(entry.substring(eq + 1));
                keys.putIfAbsent(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
            }
            return keys;
        }

        public Optional<String> problem(String keyId, byte[] bytes, String signature) {
            PublicKey key = keys.get(keyId);
            if (key == null) {
                return Optional.of("signed with key " + keyId + ", which is not among " + keys.keySet());
            }
            try {
                Signature ed25519 = Signature.getInstance(ALGORITHM);
                ed25519.initVerify(key);
                ed25519.update(bytes);
                return ed25519.verify(Base64.getDecoder().decode(signature)) ? Optional.empty()
                        : Optional.of("the signature does not match the signed contents");
            } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
                return Optional.of("the signature is not readable: " + e.getMessage());
            }
        }
    }
}
