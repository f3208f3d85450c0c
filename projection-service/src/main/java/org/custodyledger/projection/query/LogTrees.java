package org.custodyledger.projection.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.custodyledger.log.MerkleTree;
import org.custodyledger.projection.Sql;

/** Roots and inclusion proofs of the log's per-partition Merkle trees, read from {@code merkle_node} (see LogTree). */
public final class LogTrees {
    private static final HexFormat HEX = HexFormat.of();

    /** A partition's tree: size -1 when it is incomplete (read before trees were kept; a replay rebuilds it). */
    public record PartitionTree(int partition, long size, String root) {
        public boolean complete() {
            return size >= 0;
        }
    }

    public record InclusionProof(UUID eventId, int partition, long offset, long leafIndex, long treeSize, String leafHash, String root,
                                 List<String> proof) {
    }

    public record ConsistencyProof(int partition, long fromSize, long toSize, String fromRoot, String toRoot, List<String> proof) {
    }

    private LogTrees() {
    }

    /** The size of a partition's tree as it stands: -1 while incomplete, 0 if it has none. */
    public static long size(Connection c, int partition) throws SQLException {
        List<Long> size = Sql.list(c, "SELECT size FROM log_tree WHERE kafka_partition = ?", r -> r.getLong(1), partition);
        return size.isEmpty() ? 0 : size.get(0);
    }

    /** The proof that the partition's tree of {@code to} leaves extends the one of {@code from} (1 <= from <= to <= size). */
    public static ConsistencyProof consistency(Connection c, int partition, long from, long to) {
        MerkleTree.Subtrees tree = subtrees(c, partition);
        return new ConsistencyProof(partition, from, to, HEX.formatHex(MerkleTree.root(from, tree)), HEX.formatHex(MerkleTree.root(to, tree)),
                MerkleTree.consistencyProof(from, to, tree).stream().map(HEX::formatHex).toList());
    }

    public static List<PartitionTree> trees(Connection c) throws SQLException {
        List<PartitionTree> trees = new ArrayList<>();
        for (long[] row : Sql.list(c, "SELECT kafka_partition, size FROM log_tree ORDER BY kafka_partition", r -> new long[] {r.getInt(1), r.getLong(2)})) {
            int partition = (int) row[0];
            long size = row[1];
            trees.add(new PartitionTree(partition, size, size < 0 ? null : HEX.formatHex(MerkleTree.root(size, subtrees(c, partition)))));
        }
        return trees;
    }

    /**
     * The proof that an event's record is in its partition's tree as it stands, or as it stood at
     * the size {@code sizeAt} gives for the partition (a checkpoint's); empty if it is not in that tree.
     */
    public static Optional<InclusionProof> proof(Connection c, UUID eventId, java.util.function.IntToLongFunction sizeAt) throws SQLException {
        List<long[]> at = Sql.list(c, "SELECT a.kafka_partition, a.kafka_offset, n.idx, t.size FROM applied_event a "
                + "JOIN merkle_node n ON n.kafka_partition = a.kafka_partition AND n.level = 0 AND n.kafka_offset = a.kafka_offset "
                + "JOIN log_tree t ON t.kafka_partition = a.kafka_partition WHERE a.event_id = ?",
                r -> new long[] {r.getInt(1), r.getLong(2), r.getLong(3), r.getLong(4)}, eventId);
        if (at.isEmpty()) {
            return Optional.empty();
        }
        int partition = (int) at.get(0)[0];
        long index = at.get(0)[2];
        long size = sizeAt == null ? at.get(0)[3] : Math.min(at.get(0)[3], sizeAt.applyAsLong(partition));
        if (index >= size) {
            return Optional.empty();
        }
        MerkleTree.Subtrees tree = subtrees(c, partition);
        List<String> proof = MerkleTree.inclusionProof(index, size, tree).stream().map(HEX::formatHex).toList();
        return Optional.of(new InclusionProof(eventId, partition, at.get(0)[1], index, size, HEX.formatHex(tree.hash(0, index)),
                HEX.formatHex(MerkleTree.root(size, tree)), proof));
    }

    private static MerkleTree.Subtrees subtrees(Connection c, int partition) {
        return (level, index) -> {
            try {
                List<byte[]> hash = Sql.list(c, "SELECT hash FROM merkle_node WHERE kafka_partition = ? AND level = ? AND idx = ?",
                        r -> r.getBytes(1), partition, (short) level, index);
                if (hash.isEmpty()) {
                    throw new IllegalStateException("partition " + partition + "'s tree lacks its subtree (" + level + ", " + index + "); a replay rebuilds it");
                }
                return hash.get(0);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
