package org.custodyledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SignedReceiptTest {
    private static final String RECORD = "{\"type\":\"TransferInitiated\",\"data\":{\"transferId\":\"T-001\",\"count\":212}}";

    private static String[] generateKey(String prefix) {
        try {
            java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new String[] {prefix + "-" + System.nanoTime(), java.util.Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
                    java.util.Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())};
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aReceiptVerifiesAndAnyChangeToItOrToTheRecordShows() {
        String[] key = generateKey("ingest");
        SignedReceipt.Signer signer = SignedReceipt.Signer.of(key[0], key[1]);
        SignedReceipt.Verifier verifier = new SignedReceipt.Verifier(Map.of(key[0], SignedReceipt.Verifier.publicKey(key[2])));
        UUID id = UUID.randomUUID();
        Instant at = Instant.parse("2026-01-21T06:00:01.5Z");
        String hash = SignedReceipt.recordSha256(RECORD.getBytes(StandardCharsets.UTF_8));
        SignedReceipt receipt = signer.sign(id, 2, 41, hash, at, "Amira Haddad <sub:1> via ledger-cli");

        assertThat(verifier.problem(receipt)).isEmpty();
        assertThat(signer.sign(id, 2, 41, hash, at, "Amira Haddad <sub:1> via ledger-cli").signature())
                .as("Ed25519 is deterministic: a duplicate's receipt is the same receipt").isEqualTo(receipt.signature());
        // Each field is covered.
        for (SignedReceipt changed : new SignedReceipt[] {
                new SignedReceipt(UUID.randomUUID(), 2, 41, hash, at, receipt.recordedBy(), receipt.keyId(), receipt.signature()),
                new SignedReceipt(id, 1, 41, hash, at, receipt.recordedBy(), receipt.keyId(), receipt.signature()),
                new SignedReceipt(id, 2, 40, hash, at, receipt.recordedBy(), receipt.keyId(), receipt.signature()),
                new SignedReceipt(id, 2, 41, hash.replace(hash.charAt(0), hash.charAt(0) == 'a' ? 'b' : 'a'), at, receipt.recordedBy(),
                        receipt.keyId(), receipt.signature()),
                new SignedReceipt(id, 2, 41, hash, at.plusMillis(1), receipt.recordedBy(), receipt.keyId(), receipt.signature()),
                new SignedReceipt(id, 2, 41, hash, at, "Someone Else", receipt.keyId(), receipt.signature())}) {
            assertThat(verifier.problem(changed)).as(changed.toString()).hasValue("the signature does not match the signed contents");
        }
        assertThat(verifier.problem(new SignedReceipt(id, 2, 41, hash, at, receipt.recordedBy(), "other-key", receipt.signature())))
                .get().asString().contains("not among");
        // The record stored with a changed count no longer hashes to what the receipt names.
        assertThat(SignedReceipt.recordSha256(RECORD.replace("212", "213").getBytes(StandardCharsets.UTF_8))).isNotEqualTo(receipt.recordSha256());
        // Another key's signature is refused.
        String[] other = generateKey("ingest");
        SignedReceipt forged = SignedReceipt.Signer.of(key[0], other[1]).sign(id, 2, 41, hash, at, receipt.recordedBy());
        assertThat(verifier.problem(forged)).isPresent();
    }

    @Test
    void theSignedBytesAreTheDocumentedCanonicalJson() {
        SignedReceipt receipt = new SignedReceipt(UUID.fromString("8595f44b-27f3-5ea6-a0ad-55ec88259b42"), 0, 7, "ab", Instant.parse("2026-01-21T06:00:00Z"),
                "A \"quoted\" name", "k1", "ignored");
        assertThat(new String(receipt.signedBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"eventId\":\"8595f44b-27f3-5ea6-a0ad-55ec88259b42\","
                + "\"keyId\":\"k1\",\"offset\":7,\"partition\":0,\"recordSha256\":\"ab\",\"recordedAt\":\"2026-01-21T06:00:00Z\","
                + "\"recordedBy\":\"A \\\"quoted\\\" name\"}");
    }
}
