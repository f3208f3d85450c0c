package org.custodyledger.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Any one record altered, removed, inserted or reordered is found, bracketed by heads, then narrowed to that record. */
class PartitionAuditTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int RECORDS = 500;
    private final Random random = new Random(11);

    /** Offsets with gaps, as transaction markers leave them. */
    private final List<Long> offsets = new ArrayList<>();
    private final List<byte[]> leaves = new ArrayList<>();

    PartitionAuditTest() {
        long offset = 0;
        for (int i = 0; i < RECORDS; i++) {
            offset += 1 + random.nextInt(2);
            offsets.add(offset);
            leaves.add(leaf(offset, "event " + i));
        }
    }

    private static byte[] leaf(long offset, String value) {
        return LogLeaf.hash(0, offset, "key".getBytes(), List.of(), value.getBytes());
    }

    private List<PartitionAudit.Head> heads(int... sizes) {
        List<PartitionAudit.Head> heads = new ArrayList<>();
        for (int size : sizes) {
            heads.add(new PartitionAudit.Head(size, HEX.formatHex(MerkleTree.root(size, MerkleTree.inMemory(leaves))), "checkpoint at " + size));
        }
        return heads;
    }

    private PartitionAudit.AuthenticRoots authentic() {
        return size -> MerkleTree.root(size, MerkleTree.inMemory(leaves));
    }

    private PartitionAudit audit(List<Long> offsetsHere, List<byte[]> leavesHere) {
        PartitionAudit audit = new PartitionAudit(0, heads(1, 100, 256, 300, 499, 500), 1_000_000);
        for (int i = 0; i < leavesHere.size(); i++) {
            audit.append(offsetsHere.get(i), leavesHere.get(i));
        }
        return audit;
    }

    @Test
    void theUntouchedLogMatchesEveryHead() {
        PartitionAudit.Outcome outcome = audit(offsets, leaves).finish();
        assertThat(outcome.holds()).isTrue();
        assertThat(outcome.lastMatched().orElseThrow().size()).isEqualTo(500);
        assertThat(outcome.records()).isEqualTo(500);
    }

    @Test
    void anAlteredRecordIsBracketedAndThenFound() {
        for (int changed : new int[] {0, 1, 99, 100, 255, 256, 270, 498, 499}) {
            List<byte[]> here = new ArrayList<>(leaves);
            here.set(changed, leaf(offsets.get(changed), "event " + changed + " edited"));
            PartitionAudit audit = audit(offsets, here);
            PartitionAudit.Outcome outcome = audit.finish();
            assertThat(outcome.holds()).isFalse();
            assertThat(outcome.firstFailed().orElseThrow().size()).as("record %d", changed).isGreaterThan(changed);
            assertThat(outcome.lastMatched().map(PartitionAudit.Head::size).orElse(0L)).isLessThanOrEqualTo(changed);
            long[] found = audit.firstDifference(authentic()).orElseThrow();
            assertThat(found[0]).isEqualTo(changed);
            assertThat(found[1]).isEqualTo(offsets.get(changed));
        }
    }

    @Test
    void removedInsertedAndReorderedRecordsAreFoundWhereTheyHappened() {
        List<Long> o = new ArrayList<>(offsets);
        List<byte[]> l = new ArrayList<>(leaves);
        o.remove(150);
        l.remove(150);
        PartitionAudit removed = audit(o, l);
        assertThat(removed.finish().holds()).isFalse();
        assertThat(removed.firstDifference(authentic()).orElseThrow()[0]).isEqualTo(150);

        o = new ArrayList<>(offsets);
        l = new ArrayList<>(leaves);
        o.add(300, offsets.get(299));
        l.add(300, leaf(offsets.get(299), "inserted"));
        PartitionAudit inserted = audit(o, l);
        PartitionAudit.Outcome insertedOutcome = inserted.finish();
        assertThat(insertedOutcome.lastMatched().orElseThrow().size()).isEqualTo(300);
        assertThat(insertedOutcome.problems()).anyMatch(p -> p.contains("out of order"));
        assertThat(inserted.firstDifference(authentic()).orElseThrow()[0]).isEqualTo(300);

        l = new ArrayList<>(leaves);
        l.set(10, leaves.get(11));
        l.set(11, leaves.get(10));
        PartitionAudit reordered = audit(offsets, l);
        assertThat(reordered.finish().holds()).isFalse();
        assertThat(reordered.firstDifference(authentic()).orElseThrow()[0]).isEqualTo(10);
    }

    @Test
    void aLogThatEndsBeforeAHeadSaysRecordsWereRemoved() {
        PartitionAudit.Outcome outcome = audit(offsets.subList(0, 400), leaves.subList(0, 400)).finish();
        assertThat(outcome.holds()).isFalse();
        assertThat(outcome.lastMatched().orElseThrow().size()).isEqualTo(300);
        assertThat(outcome.problems()).singleElement().asString().contains("covers 499 records but only 400 are here");
    }

    @Test
    void aMonitorGoesOnFromTheFrontierItKept() {
        MerkleFrontier kept = new MerkleFrontier();
        for (int i = 0; i < 256; i++) {
            kept.append(leaves.get(i));
        }
        PartitionAudit audit = new PartitionAudit(0, kept, heads(100, 256, 300, 500), 10);
        for (int i = 256; i < 500; i++) {
            audit.append(offsets.get(i), i == 400 ? leaf(offsets.get(i), "edited") : leaves.get(i));
        }
        PartitionAudit.Outcome outcome = audit.finish();
        assertThat(outcome.lastMatched().orElseThrow().size()).isEqualTo(300);
        assertThat(outcome.firstFailed().orElseThrow().size()).isEqualTo(500);
        assertThat(audit.size()).isEqualTo(500);
    }

    @Test
    void recordsPastTheNewestHeadAreNotJudged() {
        PartitionAudit audit = new PartitionAudit(0, heads(100), 10);
        for (int i = 0; i < 200; i++) {
            audit.append(offsets.get(i), leaves.get(i));
        }
        PartitionAudit.Outcome outcome = audit.finish();
        assertThat(outcome.holds()).isTrue();
        assertThat(outcome.records()).isEqualTo(200);
    }
}
