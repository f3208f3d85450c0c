package org.custodyledger.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MerkleFrontierTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theRootAtEverySizeIsTheTreesRoot() {
        Random random = new Random(7);
        List<byte[]> leaves = new ArrayList<>();
        MerkleFrontier frontier = new MerkleFrontier();
        assertThat(frontier.root()).isEqualTo(MerkleTree.emptyRoot());
        for (int n = 1; n <= 300; n++) {
            byte[] leaf = new byte[random.nextInt(40)];
            random.nextBytes(leaf);
            leaves.add(MerkleTree.leafHash(leaf));
            frontier.append(leaves.get(n - 1));
            assertThat(frontier.size()).isEqualTo(n);
            assertThat(HEX.formatHex(frontier.root())).as("size %d", n)
                    .isEqualTo(HEX.formatHex(MerkleTree.root(n, MerkleTree.inMemory(leaves))));
            assertThat(frontier.subtreesHex()).hasSize(Long.bitCount(n));
        }
    }

    @Test
    void aSavedFrontierGoesOnWhereItStopped() {
        MerkleFrontier whole = new MerkleFrontier();
        MerkleFrontier saved = null;
        for (int i = 0; i < 100; i++) {
            whole.append(MerkleTree.leafHash(new byte[] {(byte) i}));
            if (i == 40) {
                saved = MerkleFrontier.of(whole.size(), whole.subtreesHex());
            }
        }
        for (int i = 41; i < 100; i++) {
            saved.append(MerkleTree.leafHash(new byte[] {(byte) i}));
        }
        assertThat(saved.root()).isEqualTo(whole.root());
        assertThatThrownBy(() -> MerkleFrontier.of(5, List.of("00".repeat(32)))).hasMessageContaining("2 complete subtrees");
    }
}
