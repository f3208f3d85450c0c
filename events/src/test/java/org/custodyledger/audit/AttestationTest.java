package org.custodyledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttestationTest {
    private static final ObjectMapper JSON = org.custodyledger.events.EventJson.mapper();

    @Test
    void theCanonicalHashIgnoresKeyOrderAndSpacingButNotAFigure() throws Exception {
        String answer = "{\"id\":\"op-syria-iraq-2026\",\"moved\":5704,\"share\":0.81,\"legs\":[{\"b\":1,\"a\":2}]}";
        String sameInAnotherForm = "{ \"legs\" : [ {\"a\":2, \"b\":1} ], \"share\": 0.81, \"moved\": 5704, \"id\": \"op-syria-iraq-2026\" }";
        assertThat(CanonicalJson.sha256(sameInAnotherForm)).isEqualTo(CanonicalJson.sha256(answer));
        assertThat(CanonicalJson.sha256(answer.replace("5704", "5705"))).isNotEqualTo(CanonicalJson.sha256(answer));
        assertThat(CanonicalJson.sha256("{\"legs\":[{\"a\":1,\"b\":2}]}")).isNotEqualTo(CanonicalJson.sha256("{\"legs\":[{\"b\":2},{\"a\":1}]}"));
        assertThat(new String(CanonicalJson.bytes(JSON.readTree(sameInAnotherForm))))
                .isEqualTo("{\"id\":\"op-syria-iraq-2026\",\"legs\":[{\"a\":2,\"b\":1}],\"moved\":5704,\"share\":0.81}");
    }

    @Test
    void anAttestationVerifiesAndAnyChangedFieldBreaksIt() throws Exception {
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Ed25519.SigningKey key = Ed25519.SigningKey.of("k1", Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        Ed25519.PublicKeys keys = new Ed25519.PublicKeys(Map.of("k1", pair.getPublic()));
        List<Checkpoint.PartitionRoot> roots = List.of(new Checkpoint.PartitionRoot(1, 7, "bb".repeat(32)), new Checkpoint.PartitionRoot(0, 5, "aa".repeat(32)));
        Attestation signed = Attestation.sign(key, "/operations/op-syria-iraq-2026", CanonicalJson.sha256("{\"moved\":5704}"), "custody-events",
                roots, 12L, Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(signed.problem(keys)).isEmpty();
        assertThat(signed.partitions().get(0).partition()).isZero();
        Attestation roundTrip = Attestation.fromJson(JSON.valueToTree(signed));
        assertThat(roundTrip).isEqualTo(signed);
        assertThat(roundTrip.problem(keys)).isEmpty();

        ObjectNode changed = JSON.valueToTree(signed);
        changed.put("answerSha256", CanonicalJson.sha256("{\"moved\":5705}"));
        assertThat(Attestation.fromJson(changed).problem(keys)).isPresent();
        changed = JSON.valueToTree(signed);
        changed.put("request", "/operations/another");
        assertThat(Attestation.fromJson(changed).problem(keys)).isPresent();
        changed = JSON.valueToTree(signed);
        changed.putNull("checkpoint");
        assertThat(Attestation.fromJson(changed).problem(keys)).isPresent();
        changed = JSON.valueToTree(signed);
        changed.put("type", "custody-ledger/checkpoint/v1");
        assertThat(Attestation.fromJson(changed).problem(keys)).get().asString().contains("not an attestation");
    }
}
