package org.custodyledger.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure upcasters: the {@code data} of an older schema version, rewritten as the current version
 * reads it. Old records stay in the log as they were written; they are upcast each time they are
 * read. To add version N+1: write {@code vNToVN1}, chain it in {@link #toCurrent}, bump
 * {@link EventTypes#CURRENT_SCHEMA_VERSION}, and save a sample per changed type under
 * {@code src/test/resources/samples/vN+1/}.
 *
 * <p>v3 only added optional fields (a completion's received {@code breakdown}, a claim's
 * {@code cohort} and {@code nationality}); a v2 record is a valid v3 record as it stands, so it
 * has no rewrite step. v4 only added a type ({@link FacilityLocated}); nothing older changes.
 */
public final class Upcasters {
    private Upcasters() {
    }

    /** Returns data at {@link EventTypes#CURRENT_SCHEMA_VERSION}; the input is not changed. */
    public static JsonNode toCurrent(String type, int version, JsonNode data) {
        JsonNode current = data;
        if (version < 2) {
            current = v1ToV2(type, current);
        }
        return current;
    }

    /**
     * v2: {@code breakdown} went from {"adult": 212} (cohort to count) to a list of
     * {"cohort": "adult", "nationality": "IQ", "count": 200} lines, so a cohort can be split by
     * nationality. A v1 breakdown becomes one line per cohort, without nationality, in label order.
     */
    static JsonNode v1ToV2(String type, JsonNode data) {
        if (!("TransferInitiated".equals(type) || "CensusRecorded".equals(type)) || data == null || !data.isObject()
                || !data.path("breakdown").isObject()) {
            return data;
        }
        ObjectNode upcast = ((ObjectNode) data).deepCopy();
        ArrayNode lines = upcast.arrayNode();
        Map<String, JsonNode> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.get("breakdown").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            sorted.put(entry.getKey(), entry.getValue());
        }
        sorted.forEach((cohort, count) -> lines.addObject().put("cohort", cohort).set("count", count));
        upcast.set("breakdown", lines);
        return upcast;
    }
}
