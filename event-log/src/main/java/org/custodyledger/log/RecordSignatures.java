package org.custodyledger.log;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Records that did not come through ingest are not trusted: ingest signs the value of every record
 * it appends (Ed25519 over the stored envelope's bytes) and puts the signature and the key's id in
 * two headers; the projection applies only records whose signature one of its verification keys
 * confirms (several, by id, so keys can be rotated) and dead-letters the others. A record written
 * straight to the topic, or changed on the way, has no valid signature.
 */
public final class RecordSignatures {
    public static final String SIGNATURE = "ledger_signature";
    public static final String KEY_ID = "ledger_key_id";
    private static final String ALGORITHM = "Ed25519";

    private RecordSignatures() {
    }

    /** A key pair for signing records, with its key id. */
    public record SigningKey(String keyId, KeyPair keys) {
        public static SigningKey generate(String keyId) {
            try {
                return new SigningKey(keyId, KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The private key as configuration takes it: base64 of PKCS#8. */
        public String privateKeyBase64() {
            return Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
        }

        /** {@code keyId=base64(X.509)}: one entry of a verifier's key list. */
        public String verificationEntry() {
            return keyId + "=" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        }

        public Signer signer() {
            return new Signer(keyId, keys.getPrivate());
        }
    }

    /** Signs record values with one key. */
    public static final class Signer {
        private final String keyId;
        private final PrivateKey key;

        private Signer(String keyId, PrivateKey key) {
            this.keyId = keyId;
            this.key = key;
        }

        /** From configuration: the key id and base64 PKCS#8 of an Ed25519 private key. */
        public static Signer of(String keyId, String privateKeyBase64) {
            try {
                PrivateKey key = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKeyBase64.strip())));
                return new Signer(keyId, key);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalArgumentException("the record signing key is not a base64 PKCS#8 Ed25519 private key: " + e.getMessage(), e);
            }
        }

        /** Adds the signature of {@code value} and this key's id to the headers. */
        public void sign(byte[] value, Headers headers) {
            try {
                Signature signature = Signature.getInstance(ALGORITHM);
                signature.initSign(key);
                signature.update(value);
                headers.add(SIGNATURE, Base64.getEncoder().encode(signature.sign()));
                headers.add(KEY_ID, keyId.getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Checks record signatures against the keys it knows, by id. */
    public static final class Verifier {
        private final Map<String, PublicKey> keys;

        private Verifier(Map<String, PublicKey> keys) {
            this.keys = Map.copyOf(keys);
        }

        /** From configuration: {@code keyId=base64(X.509)} entries separated by commas. */
        public static Verifier of(String entries) {
            Map<String, PublicKey> keys = new LinkedHashMap<>();
            for (String entry : entries.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                int equals = entry.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("a verification key is keyId=base64, not '" + entry.strip() + "'");
                }
                try {
                    keys.put(entry.substring(0, equals).strip(), KeyFactory.getInstance(ALGORITHM)
                            .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(entry.substring(equals + 1).strip()))));
                } catch (GeneralSecurityException | IllegalArgumentException e) {
                    throw new IllegalArgumentException("verification key " + entry.substring(0, equals).strip()
                            + " is not a base64 X.509 Ed25519 public key: " + e.getMessage(), e);
                }
            }
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("no record verification key is configured");
            }
            return new Verifier(keys);
        }

        /** Why a record is not trusted, or null when one of the keys confirms its signature. */
        public String problem(byte[] value, Headers headers) {
            Header signature = headers.lastHeader(SIGNATURE);
            Header keyId = headers.lastHeader(KEY_ID);
            if (signature == null || keyId == null) {
                return "unsigned: the record did not come through ingest";
            }
            String id = new String(keyId.value(), StandardCharsets.UTF_8);
            PublicKey key = keys.get(id);
            if (key == null) {
                return "signed with unknown key '" + id + "'";
            }
            try {
                Signature check = Signature.getInstance(ALGORITHM);
                check.initVerify(key);
                check.update(value == null ? new byte[0] : value);
                return check.verify(Base64.getDecoder().decode(signature.value())) ? null : "signature does not match the record (forged or changed)";
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return "signature unreadable: " + e.getMessage();
            }
        }
    }
}
