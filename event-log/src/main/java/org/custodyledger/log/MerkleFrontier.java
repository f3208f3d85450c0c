package org.custodyledger.log;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The right edge of an RFC 9162 tree as leaves are appended: one complete subtree per set bit of
 * the size (at most 64 hashes), enough to give the root at every size without keeping the leaves.
 * A verifier reading a log of any length holds only this.
 */
public final class MerkleFrontier {
    private static final HexFormat HEX = HexFormat.of();
    /** Complete subtrees, largest (leftmost) first. */
    private final List<byte[]> subtrees = new ArrayList<>();
    private long size;

    public MerkleFrontier() {
    }

    private MerkleFrontier(long size, List<byte[]> subtrees) {
        if (subtrees.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("a tree of " + size + " leaves has " + Long.bitCount(size) + " complete subtrees, not " + subtrees.size());
        }
        this.size = size;
        this.subtrees.addAll(subtrees);
    }

    /** A frontier as {@link #subtreesHex} wrote it. */
    public static MerkleFrontier of(long size, List<String> subtreesHex) {
        return new MerkleFrontier(size, subtreesHex.stream().map(HEX::parseHex).toList());
    }

    /** A complete subtree an append closed: {@code level} 0 is the leaf; {@code index} counts subtrees of that level from the left. */
    @FunctionalInterface
    public interface Closed {
        void subtree(int level, long index, byte[] hash);
    }

    /** A frontier from its complete subtrees by level (what a store of nodes holds), e.g. {@code {0: h, 2: g}} for size 5. */
    public static MerkleFrontier ofLevels(long size, java.util.Map<Integer, byte[]> byLevel) {
        List<byte[]> subtrees = new ArrayList<>();
        for (int level = 63; level >= 0; level--) {
            if (((size >> level) & 1) == 1) {
                byte[] hash = byLevel.get(level);
                if (hash == null) {
                    throw new IllegalArgumentException("a tree of " + size + " leaves needs its complete subtree of level " + level);
                }
                subtrees.add(hash);
            }
        }
        return new MerkleFrontier(size, subtrees);
    }

    public void append(byte[] leafHash) {
        append(leafHash, (level, index, hash) -> { });
    }

    /** Appends a leaf and tells {@code closed} the leaf and each complete subtree it closes, smallest first. */
    public void append(byte[] leafHash, Closed closed) {
        long n = size;
        byte[] node = leafHash;
        closed.subtree(0, n, node);
        // Each trailing one bit of the old size is a subtree of the same height as node: merge them.
        int level = 0;
        for (long s = n; (s & 1) == 1; s >>= 1) {
            node = MerkleTree.nodeHash(subtrees.remove(subtrees.size() - 1), node);
            level++;
            closed.subtree(level, n >> level, node);
        }
        subtrees.add(node);
        size++;
    }

    public long size() {
        return size;
    }

    /** The root of the leaves appended so far (RFC 9162: the smaller subtrees fold into the right). */
    public byte[] root() {
        if (size == 0) {
            return MerkleTree.emptyRoot();
        }
        byte[] root = subtrees.get(subtrees.size() - 1);
        for (int i = subtrees.size() - 2; i >= 0; i--) {
            root = MerkleTree.nodeHash(subtrees.get(i), root);
        }
        return root;
    }

    public MerkleFrontier copy() {
        return new MerkleFrontier(size, subtrees);
    }

    public List<String> subtreesHex() {
        return subtrees.stream().map(HEX::formatHex).toList();
    }
}
