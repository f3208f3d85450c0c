package org.custodyledger.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The stored JSON form of an envelope. Field order is fixed (records keep declaration order,
 * breakdowns are sorted), so the same event always has the same bytes and the same fingerprint.
 */
public final class EventJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            // {"count": 1, "count": 9} must be an error, not whichever the parser kept.
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new JavaTimeModule())
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .build();

    private EventJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** @throws java.io.CharConversionException where the bytes are not strict UTF-8 ({@link Utf8}) */
    public static JsonNode parse(byte[] json) throws IOException {
        String notUtf8 = Utf8.problem(json);
        if (notUtf8 != null) {
            throw new java.io.CharConversionException(notUtf8);
        }
        return MAPPER.readTree(json);
    }

    public static ObjectNode toTree(Envelope envelope) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("eventId", envelope.eventId().toString());
        node.put("type", envelope.type());
        node.put("schemaVersion", envelope.schemaVersion());
        node.put("occurredAt", envelope.occurredAt().toString());
        node.put("recordedAt", envelope.recordedAt().toString());
        node.put("recordedBy", envelope.recordedBy());
        node.set("data", dataTree(envelope.data()));
        return node;
    }

    public static byte[] write(Envelope envelope) {
        try {
            return MAPPER.writeValueAsBytes(toTree(envelope));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SHA-256 of what the operator asserted (type, occurredAt, data), not of server fields: a retry
     * of the same submission must match the stored one even though it arrives at another time.
     */
    public static String fingerprint(Submission submission) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", submission.type());
        node.put("occurredAt", submission.occurredAt().toString());
        node.set("data", dataTree(submission.data()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode dataTree(CustodyEvent data) {
        return MAPPER.valueToTree(data);
    }
}
