package org.custodyledger.log;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree of RFC 9162 (Certificate Transparency 2.0, section 2.1) over a log of leaves:
 * SHA-256, leaf hash {@code H(0x00 || leaf)}, node hash {@code H(0x01 || left || right)}, the
 * tree of n leaves split at the largest power of two below n. Roots, inclusion proofs and
 * consistency proofs, made and checked as the RFC says, so any RFC 9162 verifier can check
 * the ledger's proofs.
 *
 * <p>Making a proof asks {@code leaves} only for the hashes of complete subtrees
 * ({@link Subtrees}), so a store of those answers it in O(log n) reads, whatever the log's size.
 */
public final class MerkleTree {
    public static final int HASH_SIZE = 32;
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private MerkleTree() {
    }

    /** The hash of the complete subtree at {@code level} (0 = a leaf) and {@code index} (from the left), as a store keeps it. */
    @FunctionalInterface
    public interface Subtrees {
        byte[] hash(int level, long index);
    }

    public static byte[] leafHash(byte[] leaf) {
        MessageDigest sha256 = sha256();
        sha256.update(LEAF_PREFIX);
        sha256.update(leaf);
        return sha256.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha256 = sha256();
        sha256.update(NODE_PREFIX);
        sha256.update(left);
        sha256.update(right);
        return sha256.digest();
    }

    /** SHA-256 of nothing: the root of the empty tree. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** The root of the first {@code size} leaves. */
    public static byte[] root(long size, Subtrees tree) {
        return size == 0 ? emptyRoot() : hash(0, size, tree);
    }

    /** The root of leaves [start, end), end - start > 0, start aligned as the RFC's recursion leaves it. */
    static byte[] hash(long start, long end, Subtrees tree) {
        long n = end - start;
        if (Long.bitCount(n) == 1 && start % n == 0) {
            return tree.hash(Long.numberOfTrailingZeros(n), start / n);
        }
        long k = largestPowerOfTwoBelow(n);
        return nodeHash(hash(start, start + k, tree), hash(start + k, end, tree));
    }

    /** RFC 9162 2.1.3.1: the audit path of leaf {@code index} in the tree of {@code size} leaves. */
    public static List<byte[]> inclusionProof(long index, long size, Subtrees tree) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
        }
        List<byte[]> proof = new ArrayList<>();
        path(index, 0, size, tree, proof);
        return proof;
    }

    private static void path(long m, long start, long end, Subtrees tree, List<byte[]> proof) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, start, start + k, tree, proof);
            proof.add(hash(start + k, end, tree));
        } else {
            path(m - k, start + k, end, tree, proof);
            proof.add(hash(start, start + k, tree));
        }
    }

    /** RFC 9162 2.1.4.1: the proof that the tree of {@code size2} leaves extends the tree of {@code size1}. */
    public static List<byte[]> consistencyProof(long size1, long size2, Subtrees tree) {
        if (size1 < 1 || size1 > size2) {
            throw new IllegalArgumentException("no consistency proof from " + size1 + " to " + size2
                    + (size1 == 0 ? " (from the empty tree it would prove nothing)" : ""));
        }
        List<byte[]> proof = new ArrayList<>();
        if (size1 < size2) {
            subproof(size1, 0, size2, true, tree, proof);
        }
        return proof;
    }

    private static void subproof(long m, long start, long end, boolean whole, Subtrees tree, List<byte[]> proof) {
        long n = end - start;
        if (m == n) {
            if (!whole) {
                proof.add(hash(start, end, tree));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, start, start + k, whole, tree, proof);
            proof.add(hash(start + k, end, tree));
        } else {
            subproof(m - k, start + k, end, false, tree, proof);
            proof.add(hash(start, start + k, tree));
        }
    }

    /** RFC 9162 2.1.3.2: whether {@code proof} shows {@code leafHash} at {@code index} in the tree of {@code size} with {@code root}. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size || !wellFormed(proof) || leafHash == null || leafHash.length != HASH_SIZE) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162 2.1.4.2: whether {@code proof} shows the tree ({@code size2}, {@code root2}) extends ({@code size1}, {@code root1}). */
    public static boolean verifyConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
        // From the empty tree a proof would show nothing, so none is taken (as transparency-dev/merkle).
        if (size1 < 1 || size1 > size2 || !wellFormed(proof) || root1 == null || root2 == null) {
            return false;
        }
        if (size1 == size2) {
            return proof.isEmpty() && Arrays.equals(root1, root2);
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(size1) == 1) {
            path.add(0, root1);
        }
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, root1) && Arrays.equals(sr, root2);
    }

    /** Complete-subtree hashes of leaves held in memory (the CLI's verifier, the tests). */
    public static Subtrees inMemory(List<byte[]> leafHashes) {
        List<List<byte[]>> levels = new ArrayList<>();
        levels.add(leafHashes);
        while (levels.get(levels.size() - 1).size() > 1) {
            List<byte[]> below = levels.get(levels.size() - 1);
            List<byte[]> level = new ArrayList<>(below.size() / 2);
            for (int i = 0; i + 1 < below.size(); i += 2) {
                level.add(nodeHash(below.get(i), below.get(i + 1)));
            }
            levels.add(level);
        }
        return (level, index) -> levels.get(level).get(Math.toIntExact(index));
    }

    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static boolean wellFormed(List<byte[]> proof) {
        return proof != null && proof.stream().allMatch(p -> p != null && p.length == HASH_SIZE);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
