package org.custodyledger.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One byte form of a JSON value, so a signer and a verifier who parse the same text hash the same
 * bytes: object keys sorted (by UTF-16 code units, as Java compares strings), arrays in order, no
 * whitespace, UTF-8, numbers as Jackson's default parser reads and writes them.
 */
public final class CanonicalJson {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private CanonicalJson() {
    }

    public static byte[] bytes(JsonNode value) {
        return sorted(value).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The hex SHA-256 of a JSON text's canonical form, the text parsed as any client would. */
    public static String sha256(String jsonText) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(PLAIN.readTree(jsonText))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode sorted(JsonNode value) {
        if (value.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>();
            value.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            names.forEach(n -> out.set(n, sorted(value.get(n))));
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            value.forEach(v -> out.add(sorted(v)));
            return out;
        }
        return value;
    }
}
