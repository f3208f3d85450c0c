package org.custodyledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointTest {
    @Test
    void aCheckpointVerifiesAndAChangedRootOrSizeDoesNot() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Ed25519.SigningKey key = Ed25519.SigningKey.of("cp-1", Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        Ed25519.PublicKeys keys = new Ed25519.PublicKeys(Map.of("cp-1", pair.getPublic()));
        Instant at = Instant.parse("2026-02-13T00:00:00Z");
        String a = "aa".repeat(32);
        String b = "bb".repeat(32);
        Checkpoint checkpoint = Checkpoint.sign(key, 7, "custody-events", at,
                List.of(new Checkpoint.PartitionRoot(1, 19, b), new Checkpoint.PartitionRoot(0, 3, a)), "digest-1");

        assertThat(checkpoint.partitions()).extracting(Checkpoint.PartitionRoot::partition).containsExactly(0, 1);
        assertThat(checkpoint.combinedRoot()).isEqualTo(Checkpoint.combinedRoot(List.of(new Checkpoint.PartitionRoot(0, 3, a), new Checkpoint.PartitionRoot(1, 19, b))))
                .isNotEqualTo(Checkpoint.combinedRoot(List.of(new Checkpoint.PartitionRoot(0, 3, a), new Checkpoint.PartitionRoot(1, 20, b))));
        assertThat(new String(checkpoint.signedBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"at\":\"2026-02-13T00:00:00Z\",\"combinedRoot\":\""
                + checkpoint.combinedRoot() + "\",\"keyId\":\"cp-1\",\"logId\":\"custody-events\",\"partitions\":[{\"partition\":0,\"root\":\"" + a
                + "\",\"size\":3},{\"partition\":1,\"root\":\"" + b + "\",\"size\":19}],\"readModelDigest\":\"digest-1\",\"sequence\":7}");
        assertThat(checkpoint.problem(keys)).isEmpty();
        List<Checkpoint.PartitionRoot> parts = checkpoint.partitions();
        String combined = checkpoint.combinedRoot();
        String signature = checkpoint.signature();
        for (Checkpoint changed : List.of(
                new Checkpoint(7, "custody-events", at, List.of(new Checkpoint.PartitionRoot(0, 3, b), parts.get(1)), combined, "digest-1", "cp-1", signature),
                new Checkpoint(7, "custody-events", at, List.of(new Checkpoint.PartitionRoot(0, 2, a), parts.get(1)), combined, "digest-1", "cp-1", signature),
                new Checkpoint(8, "custody-events", at, parts, combined, "digest-1", "cp-1", signature),
                new Checkpoint(7, "other-log", at, parts, combined, "digest-1", "cp-1", signature),
                new Checkpoint(7, "custody-events", at, parts, combined, "digest-2", "cp-1", signature),
                new Checkpoint(7, "custody-events", at, parts, combined, null, "cp-1", signature),
                new Checkpoint(7, "custody-events", at, parts, "cc".repeat(32), "digest-1", "cp-1", signature))) {
            assertThat(changed.problem(keys)).as(changed.toString()).isPresent();
        }
        // A checkpoint signed before checkpoints had a combined root and a digest still verifies.
        Checkpoint older = Checkpoint.sign(key, 1, "custody-events", at, parts, null);
        Checkpoint asStoredBefore = new Checkpoint(1, "custody-events", at, parts, null, null, "cp-1",
                key.sign(new Checkpoint(1, "custody-events", at, parts, null, null, "cp-1", null).signedBytes()));
        assertThat(asStoredBefore.problem(keys)).isEmpty();
        assertThat(older.readModelDigest()).isNull();
        assertThat(Checkpoint.fromJson(org.custodyledger.events.EventJson.mapper().valueToTree(checkpoint))).isEqualTo(checkpoint);
    }
}
