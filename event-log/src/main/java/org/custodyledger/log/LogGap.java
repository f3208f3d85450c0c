package org.custodyledger.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records a reader needs that the log no longer has: the partition's first offset is past the
 * position the reader must read next. Applying from the log's start would silently skip them.
 *
 * @param needed the next offset the reader needs (its stored position, or 0 for a rebuild)
 * @param logStart the partition's first offset still in the log
 */
public record LogGap(int partition, long needed, long logStart) {
    public long missing() {
        return logStart - needed;
    }

    @Override
    public String toString() {
        return "partition " + partition + ": offsets " + needed + ".." + (logStart - 1) + " are gone (the log starts at " + logStart + ")";
    }

    /** The gaps between what a reader needs and where each partition now starts; partitions without a position need 0. */
    public static List<LogGap> find(Map<Integer, Long> needed, Map<Integer, Long> logStart) {
        List<LogGap> gaps = new ArrayList<>();
        new TreeMap<>(logStart).forEach((partition, start) -> {
            long next = needed.getOrDefault(partition, 0L);
            if (start > next) {
                gaps.add(new LogGap(partition, next, start));
            }
        });
        return gaps;
    }
}
