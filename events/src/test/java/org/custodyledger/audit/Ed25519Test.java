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
}
