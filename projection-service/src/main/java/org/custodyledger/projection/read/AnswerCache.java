package org.custodyledger.projection.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers already computed, bounded by their size, not their number: a page of 5,000 transfers
 * weighs megabytes, a poll of /custody a few kilobytes, and a walk through every page of a long
 * list must not keep them all (at 1M events, 93 pages of transfers filled the 112 MB heap). An
 * answer larger than a quarter of the budget is not kept; when the budget is full, everything is
 * dropped (keys carry the projection position, so old ones are never asked again).
 */
final class AnswerCache<K> {
    private final long budgetBytes;
    private final Map<K, Object> answers = new ConcurrentHashMap<>();
    private final AtomicLong used = new AtomicLong();

    AnswerCache(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    Object get(K key) {
        return answers.get(key);
    }

    void put(K key, Object answer) {
        long weight = weight(answer);
        if (weight > budgetBytes / 4) {
            return;
        }
        if (used.addAndGet(weight) > budgetBytes) {
            answers.clear();
            used.set(weight);
        }
        answers.put(key, answer);
    }

    long usedBytes() {
        return used.get();
    }

    /** About what an answer holds on the heap: per JSON node its object and its text; 1 KB for anything else. */
    static long weight(Object answer) {
        if (!(answer instanceof JsonNode root)) {
            return 1_024;
        }
        long bytes = 0;
        ArrayDeque<JsonNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            bytes += 48;
            if (node.isTextual()) {
                bytes += 40 + 2L * node.textValue().length();
            } else if (node.isContainerNode()) {
                node.forEach(pending::push);
                if (node.isObject()) {
                    bytes += 64L * node.size(); // the map's entries and field names
                }
            }
        }
        return bytes;
    }
}
