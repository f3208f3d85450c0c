package org.custodyledger.projection.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.custodyledger.events.EventJson;

/** What the read models share: the instant of "now", and values as JSON (the documents are read.ReadAnswers). */
public final class ReadModels {
    /** Current state is computed as of the far future: every event recorded so far counts. */
    public static final Instant CURRENT = Instant.parse("9999-12-31T23:59:59Z");

    private static final ObjectMapper JSON = EventJson.mapper();

    private ReadModels() {
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }
}
