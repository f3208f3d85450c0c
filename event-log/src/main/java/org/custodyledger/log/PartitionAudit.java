package org.custodyledger.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Checks one partition's records, read in log order, against signed tree heads (size and root,
 * e.g. of checkpoints): the root of the first {@code size} records must be the head's. The first
 * head that does not match brackets the first record that was altered, removed, reordered or
 * inserted: after the last head that matched, at or before the failing head's size. Holds the
 * frontier, and the leaf hashes of the bracket only up to {@code keepAtMost}, so that the bracket
 * can be narrowed to one record with authentic roots ({@link #firstDifference}).
 */
public final class PartitionAudit {
    private static final HexFormat HEX = HexFormat.of();

    /** A size and root someone vouched for; {@code name} says who or what, e.g. "checkpoint 7". */
    public record Head(long size, String rootHex, String name) {
    }

    /** What the check found: the last head that matched, the first that did not, and where the records stopped. */
    public record Outcome(int partition, long records, Optional<Head> lastMatched, Optional<Head> firstFailed, long bracketStartOffset,
                          List<String> problems) {
        public boolean holds() {
            return firstFailed.isEmpty() && problems.isEmpty();
        }
    }

    private final int partition;
    private final List<Head> heads;
    private final int keepAtMost;
    private final MerkleFrontier frontier;
    private final long startSize;
    private final List<String> problems = new ArrayList<>();
    private int next;
    private Head lastMatched;
    private Head firstFailed;
    private MerkleFrontier atLastMatch;
    private final List<byte[]> bracket = new ArrayList<>();
    private final List<Long> bracketOffsets = new ArrayList<>();
    private boolean bracketTruncated;
    private long lastOffset = -1;
    private long bracketStartOffset = -1;

    public PartitionAudit(int partition, List<Head> heads, int keepAtMost) {
        this(partition, new MerkleFrontier(), heads, keepAtMost);
    }

    /** Going on from records already checked, whose tree's frontier is {@code start}; heads it covers are not judged again. */
    public PartitionAudit(int partition, MerkleFrontier start, List<Head> heads, int keepAtMost) {
        this.partition = partition;
        this.frontier = start.copy();
        this.startSize = start.size();
        this.atLastMatch = start.copy();
        this.heads = heads.stream().filter(h -> h.size() > start.size()).sorted(Comparator.comparingLong(Head::size)).toList();
        this.keepAtMost = keepAtMost;
    }

    /** Records read so far, those before the start included. */
    public long size() {
        return frontier.size();
    }

    public MerkleFrontier frontier() {
        return frontier.copy();
    }

    public void append(long offset, byte[] leafHash) {
        if (offset <= lastOffset) {
            problems.add("offset " + offset + " comes after offset " + lastOffset + ": records out of order");
        }
        lastOffset = offset;
        frontier.append(leafHash);
        if (firstFailed == null) {
            if (bracketStartOffset < 0) {
                bracketStartOffset = offset;
            }
            if (bracket.size() < keepAtMost) {
                bracket.add(leafHash);
                bracketOffsets.add(offset);
            } else {
                bracketTruncated = true;
            }
        }
        while (firstFailed == null && next < heads.size() && heads.get(next).size() == frontier.size()) {
            Head head = heads.get(next++);
            if (Arrays.equals(frontier.root(), HEX.parseHex(head.rootHex()))) {
                lastMatched = head;
                atLastMatch = frontier.copy();
                bracket.clear();
                bracketOffsets.clear();
                bracketTruncated = false;
                bracketStartOffset = -1;
            } else {
                firstFailed = head;
            }
        }
        while (firstFailed != null && next < heads.size() && heads.get(next).size() <= frontier.size()) {
            next++;
        }
    }

    public Outcome finish() {
        if (firstFailed == null && next < heads.size()) {
            Head unreached = heads.get(next);
            firstFailed = unreached;
            problems.add(unreached.name() + " covers " + unreached.size() + " records but only " + frontier.size()
                    + " are here: records were removed");
        }
        return new Outcome(partition, frontier.size(), Optional.ofNullable(lastMatched), Optional.ofNullable(firstFailed),
                bracketStartOffset, List.copyOf(problems));
    }

    /** Authentic roots at sizes the caller asks for, e.g. proven by a consistency proof to the failing head's root. */
    @FunctionalInterface
    public interface AuthenticRoots {
        byte[] rootAt(long size);
    }

    /**
     * The first record (index in the partition, and its offset) whose leaf differs from the
     * authentic log's, found by bisection over sizes in the bracket: O(log n) roots asked. Empty
     * when the bracket's leaves were not all kept, or when the records here end before it.
     */
    public Optional<long[]> firstDifference(AuthenticRoots authentic) {
        if (firstFailed == null || bracketTruncated) {
            return Optional.empty();
        }
        long matched = lastMatched == null ? startSize : lastMatched.size();
        // Invariant: the first `low` records match; the first `high` do not.
        long low = matched;
        long high = Math.min(firstFailed.size(), matched + bracket.size());
        if (high == low) {
            return Optional.empty();
        }
        if (!Arrays.equals(prefixRoot(high - matched), authentic.rootAt(high))) {
            while (high - low > 1) {
                long mid = (low + high) >>> 1;
                if (Arrays.equals(prefixRoot(mid - matched), authentic.rootAt(mid))) {
                    low = mid;
                } else {
                    high = mid;
                }
            }
            return Optional.of(new long[] {low, bracketOffsets.get((int) (low - matched))});
        }
        return Optional.empty(); // everything here matches: the difference is past the end (records removed)
    }

    private byte[] prefixRoot(long leavesAfterMatch) {
        MerkleFrontier f = atLastMatch.copy();
        for (int i = 0; i < leavesAfterMatch; i++) {
            f.append(bracket.get(i));
        }
        return f.root();
    }
}
