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
        Checkpoint checkpoint = Checkpoint.sign(key, 7, "custody-events", at,
                List.of(new Checkpoint.PartitionRoot(1, 19, "bb"), new Checkpoint.PartitionRoot(0, 3, "aa")));

        assertThat(checkpoint.partitions()).extracting(Checkpoint.PartitionRoot::partition).containsExactly(0, 1);
        assertThat(new String(checkpoint.signedBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"at\":\"2026-02-13T00:00:00Z\",\"keyId\":\"cp-1\","
                + "\"logId\":\"custody-events\",\"partitions\":[{\"partition\":0,\"root\":\"aa\",\"size\":3},{\"partition\":1,\"root\":\"bb\",\"size\":19}],"
                + "\"sequence\":7}");
        assertThat(checkpoint.problem(keys)).isEmpty();
        for (Checkpoint changed : List.of(
                new Checkpoint(7, "custody-events", at, List.of(new Checkpoint.PartitionRoot(0, 3, "ab"), new Checkpoint.PartitionRoot(1, 19, "bb")),
                        "cp-1", checkpoint.signature()),
                new Checkpoint(7, "custody-events", at, List.of(new Checkpoint.PartitionRoot(0, 2, "aa"), new Checkpoint.PartitionRoot(1, 19, "bb")),
                        "cp-1", checkpoint.signature()),
                new Checkpoint(8, "custody-events", at, checkpoint.partitions(), "cp-1", checkpoint.signature()),
                new Checkpoint(7, "other-log", at, checkpoint.partitions(), "cp-1", checkpoint.signature()))) {
            assertThat(changed.problem(keys)).as(changed.toString()).isPresent();
        }
    }
}
