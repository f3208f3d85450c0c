package org.custodyledger.projection.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.custodyledger.log.LogLeaf;
import org.custodyledger.log.MerkleFrontier;
import org.custodyledger.projection.CopyRows;
import org.custodyledger.projection.Sql;

/**
 * Appends records to their partition's Merkle tree (RFC 9162) in {@code merkle_node}: the leaf, and
 * each complete subtree it closes. Only the partition's frontier (one node per set bit of its
 * size) is read per unit, so the cost per record is constant and memory does not grow with the log.
 */
public final class LogTree {
    private static final HexFormat HEX = HexFormat.of();

    /** A record read from the log, as a leaf: its position and leaf hash (null: trees are not kept). */
    public record Leaf(int partition, long offset, byte[] hash) {
        public static Leaf of(ConsumerRecord<String, byte[]> record) {
            return new Leaf(record.partition(), record.offset(), LogLeaf.hash(record));
        }

        public static Leaf unhashed(ConsumerRecord<String, byte[]> record) {
            return new Leaf(record.partition(), record.offset(), null);
        }
    }

    private LogTree() {
    }

    public static void append(Connection c, List<Leaf> leaves) throws SQLException {
        if (leaves.isEmpty()) {
            return;
        }
        Map<Integer, List<Leaf>> byPartition = new LinkedHashMap<>();
        for (Leaf leaf : leaves) {
            byPartition.computeIfAbsent(leaf.partition(), p -> new ArrayList<>()).add(leaf);
        }
        CopyRows nodes = new CopyRows("merkle_node");
        for (Map.Entry<Integer, List<Leaf>> entry : byPartition.entrySet()) {
            int partition = entry.getKey();
            if (entry.getValue().get(0).hash() == null) {
                // Trees switched off (LEDGER_TREES=false, to measure their cost): this one is no longer complete.
                Sql.update(c, "INSERT INTO log_tree (kafka_partition, size) VALUES (?, -1) ON CONFLICT (kafka_partition) DO UPDATE SET size = -1", partition);
                continue;
            }
            List<Long> known = Sql.list(c, "SELECT size FROM log_tree WHERE kafka_partition = ? FOR UPDATE", r -> r.getLong(1), partition);
            long size = known.isEmpty() ? 0 : known.get(0);
            if (size < 0) {
                continue; // read before trees were kept: incomplete until a replay rebuilds it
            }
            MerkleFrontier frontier = frontier(c, partition, size);
            List<Object[]> closed = new ArrayList<>();
            for (Leaf leaf : entry.getValue()) {
                long offset = leaf.offset();
                frontier.append(leaf.hash(), (level, index, hash) -> closed.add(new Object[] {partition, level, index, bytea(hash), level == 0 ? offset : null}));
            }
            for (Object[] node : closed) {
                nodes.add(c, node);
            }
            size = frontier.size();
            Sql.update(c, "INSERT INTO log_tree (kafka_partition, size) VALUES (?, ?) ON CONFLICT (kafka_partition) DO UPDATE SET size = excluded.size",
                    partition, size);
        }
        nodes.send(c);
    }

    /** The complete subtrees still waiting for a right sibling in a tree of {@code size} leaves, by level: one query. */
    private static MerkleFrontier frontier(Connection c, int partition, long size) throws SQLException {
        List<Integer> levels = new ArrayList<>();
        List<Long> indexes = new ArrayList<>();
        for (int level = 0; level < 63; level++) {
            if (((size >> level) & 1) == 1) {
                levels.add(level);
                indexes.add((size >> level) - 1);
            }
        }
        Map<Integer, byte[]> frontier = new HashMap<>();
        if (levels.isEmpty()) {
            return new MerkleFrontier();
        }
        // One primary-key lookup per node (LATERAL): a join the planner may choose would scan the whole table.
        try (java.sql.PreparedStatement select = c.prepareStatement("SELECT f.level, n.hash FROM unnest(?::int[], ?::bigint[]) AS f(level, idx) "
                + "CROSS JOIN LATERAL (SELECT hash FROM merkle_node WHERE kafka_partition = ? AND level = f.level AND idx = f.idx) n")) {
            select.setArray(1, c.createArrayOf("int4", levels.toArray()));
            select.setArray(2, c.createArrayOf("int8", indexes.toArray()));
            select.setInt(3, partition);
            try (java.sql.ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    frontier.put(rows.getInt(1), rows.getBytes(2));
                }
            }
        }
        if (frontier.size() != levels.size()) {
            throw new SQLException("merkle_node lacks part of the frontier of partition " + partition + " at size " + size
                    + " (levels " + levels + ", found " + frontier.keySet() + "): the tree is damaged; a replay rebuilds it");
        }
        return MerkleFrontier.ofLevels(size, frontier);
    }

    /** COPY's text form of bytea. */
    private static String bytea(byte[] hash) {
        return "\\x" + HEX.formatHex(hash);
    }
}
