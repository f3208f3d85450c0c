package org.custodyledger.projection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.custodyledger.events.EventJson;

/**
 * One page of a long list: at most {@code limit} items after a cursor, in the list's own stable
 * order. The cursor is the sort key of the last item served (opaque to clients: base64url of a
 * JSON array), so a page never skips or repeats an item while the list grows. The answer carries
 * {@code nextCursor}, and the response a {@code Link: <...>; rel="next"} header, until the end.
 */
public record Page(int limit, List<String> after, String cursor) {
    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 5000;

    /** @param keySize how many parts a cursor of this list has */
    public static Page of(String limit, String after, int keySize) {
        int n = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_LIMIT) {
                throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid limit",
                        "limit must be a whole number from 1 to " + MAX_LIMIT + " (default " + DEFAULT_LIMIT + ").",
                        new Problem.Error("limit", "'" + limit + "' is not between 1 and " + MAX_LIMIT));
            }
        }
        if (after == null) {
            return new Page(n, null, null);
        }
        try {
            String json = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
            List<String> key = List.of(EventJson.mapper().readValue(json, String[].class));
            if (key.size() != keySize) {
                throw new IllegalArgumentException("a cursor of " + key.size() + " parts");
            }
            return new Page(n, key, after);
        } catch (Exception e) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid cursor",
                    "after must be a nextCursor this list gave; start again without it to read from the first page.",
                    new Problem.Error("after", "not a cursor of this list"));
        }
    }

    /** Part of the answer cache's key. */
    public String key() {
        return limit + "/" + (cursor == null ? "" : cursor);
    }

    /** Sets {@code name} to the page's items (the query asked for one more, to know whether a next page exists) and nextCursor. */
    public <T> ObjectNode answer(ObjectNode doc, String name, List<T> rowsPlusOne, Function<T, List<String>> keyOf) {
        return answer(rowsPlusOne, keyOf, rows -> doc.set(name, EventJson.mapper().valueToTree(rows)));
    }

    /** The document made from the page's items, with nextCursor. */
    public <T> ObjectNode answer(List<T> rowsPlusOne, Function<T, List<String>> keyOf, Function<List<T>, ObjectNode> document) {
        boolean more = rowsPlusOne.size() > limit;
        List<T> rows = more ? rowsPlusOne.subList(0, limit) : rowsPlusOne;
        ObjectNode doc = document.apply(rows);
        doc.put("nextCursor", more ? encode(keyOf.apply(rows.get(rows.size() - 1))) : null);
        return doc;
    }

    private static String encode(List<String> key) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(EventJson.mapper().writeValueAsBytes(key));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer, with a Link to the next page when there is one. */
    public static Response response(com.fasterxml.jackson.databind.JsonNode answer, UriInfo uri) {
        Response.ResponseBuilder response = Response.ok(answer);
        com.fasterxml.jackson.databind.JsonNode next = answer.get("nextCursor");
        if (next != null && !next.isNull()) {
            response.header("Link", "<" + uri.getRequestUriBuilder().replaceQueryParam("after", next.asText()).build() + ">; rel=\"next\"");
        }
        return response.build();
    }
}
