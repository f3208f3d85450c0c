package org.custodyledger.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class Ed25519Test {
    private static String newPublicKey() throws Exception {
        return Base64.getEncoder().encodeToString(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
    }

    @Test
    void aRotatedServiceStillPublishesItsEarlierKeysAfterItsOwn() throws Exception {
        String now = newPublicKey();
        String before = newPublicKey();
        String earlier = newPublicKey();
        var published = Ed25519.PublicKeys.published("k3", now, "LEDGER_CHECKPOINT_PREVIOUS_KEYS", "k2=" + before + ", k1=" + earlier + ",");
        assertThat(published).containsExactly(java.util.Map.entry("k3", now), java.util.Map.entry("k2", before), java.util.Map.entry("k1", earlier));
        assertThat(Ed25519.PublicKeys.published("k3", now, "X", "")).containsOnlyKeys("k3");
        assertThatThrownBy(() -> Ed25519.PublicKeys.published("k3", now, "LEDGER_CHECKPOINT_PREVIOUS_KEYS", before))
                .hasMessageContaining("LEDGER_CHECKPOINT_PREVIOUS_KEYS: each entry is keyId=base64");
        assertThatThrownBy(() -> Ed25519.PublicKeys.published("k3", now, "X", "k2=bm90IGEga2V5")).hasMessageContaining("not an Ed25519 public key");
    }

    /** RFC 8032, section 7.1, TEST 1 (empty message), and the JDK's signature of another message with the same key. */
    @Test
    void signaturesAreRfc8032sAndTheJdksByteForByte() throws Exception {
        java.util.HexFormat hex = java.util.HexFormat.of();
        String pkcs8 = Base64.getEncoder().encodeToString(hex.parseHex("302e020100300506032b657004220420"
                + "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        Ed25519.SigningKey key = Ed25519.SigningKey.of("k1", pkcs8);
        assertThat(hex.formatHex(Base64.getDecoder().decode(key.sign(new byte[0])))).isEqualTo("e5564300c360ac729086e2cc806e828a"
                + "84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

        byte[] message = "a receipt's canonical bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
        jdk.initSign(java.security.KeyFactory.getInstance("Ed25519").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(Base64.getDecoder().decode(pkcs8))));
        jdk.update(message);
        assertThat(key.sign(message)).isEqualTo(Base64.getEncoder().encodeToString(jdk.sign()));
        String publicKey = Base64.getEncoder().encodeToString(hex.parseHex("302a300506032b6570032100"
                + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        var keys = new Ed25519.PublicKeys(java.util.Map.of("k1", Ed25519.PublicKeys.publicKey(publicKey)));
        assertThat(keys.problem("k1", message, key.sign(message))).isEmpty();
        assertThat(keys.problem("k1", "other bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8), key.sign(message))).isPresent();
    }
}
