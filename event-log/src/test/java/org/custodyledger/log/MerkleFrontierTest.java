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

    /** What a store of nodes keeps: every closed subtree is the root of its leaves, and a frontier rebuilt from it goes on. */
    @Test
    void everyClosedSubtreeIsTheRootOfItsLeavesAndAFrontierRebuildsFromThem() {
        List<byte[]> leaves = new ArrayList<>();
        java.util.Map<String, byte[]> stored = new java.util.HashMap<>();
        MerkleFrontier frontier = new MerkleFrontier();
        for (int i = 0; i < 70; i++) {
            leaves.add(MerkleTree.leafHash(new byte[] {(byte) i, 1}));
            frontier.append(leaves.get(i), (level, index, hash) -> stored.put(level + "/" + index, hash));
        }
        assertThat(stored).hasSize(70 + 35 + 17 + 8 + 4 + 2 + 1);
        stored.forEach((at, hash) -> {
            int level = Integer.parseInt(at.split("/")[0]);
            long index = Long.parseLong(at.split("/")[1]);
            List<byte[]> span = leaves.subList((int) (index << level), (int) ((index + 1) << level));
            assertThat(hash).as(at).isEqualTo(MerkleTree.root(span.size(), MerkleTree.inMemory(span)));
        });
        // 70 = 64 + 4 + 2: the subtrees of levels 6, 2 and 1 are the frontier.
        MerkleFrontier rebuilt = MerkleFrontier.ofLevels(70, java.util.Map.of(6, stored.get("6/0"), 2, stored.get("2/16"), 1, stored.get("1/34")));
        assertThat(rebuilt.root()).isEqualTo(frontier.root());
        rebuilt.append(MerkleTree.leafHash(new byte[] {9}));
        frontier.append(MerkleTree.leafHash(new byte[] {9}));
        assertThat(rebuilt.root()).isEqualTo(frontier.root());
        assertThatThrownBy(() -> MerkleFrontier.ofLevels(70, java.util.Map.of(6, stored.get("6/0")))).hasMessageContaining("level 2");
    }
}
