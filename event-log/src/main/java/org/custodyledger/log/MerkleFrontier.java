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

    public void append(byte[] leafHash) {
        byte[] node = leafHash;
        // Each trailing one bit of the old size is a subtree of the same height as node: merge them.
        for (long s = size; (s & 1) == 1; s >>= 1) {
            node = MerkleTree.nodeHash(subtrees.remove(subtrees.size() - 1), node);
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
