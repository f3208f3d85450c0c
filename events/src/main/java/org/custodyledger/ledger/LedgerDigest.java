package org.custodyledger.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A fingerprint of the read models: SHA-256 of their canonical JSON (object keys sorted, no
 * whitespace, instants as ISO-8601 UTC, lists in the snapshot's own order: facilities, operations
 * and transfers by id, statements and anomalies by event time then eventId). Nothing that depends
 * on arrival, such as offsets or recordedAt, is in it: the same log gives the same digest on any
 * machine, in any arrival order, after any replay or export and import.
 */
public final class LedgerDigest {
    public static final String ALGORITHM = "sha256(canonical-json(read models)) v1";

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .build();

    private LedgerDigest() {
    }

    public static String of(LedgerSnapshot snapshot) {
        ObjectNode tree = CANONICAL.valueToTree(snapshot);
        tree.remove("asOf");
        try {
            // valueToTree keeps insertion order; re-serializing through a sorted map makes keys canonical.
            Object sorted = CANONICAL.treeToValue(tree, Object.class);
            byte[] json = CANONICAL.writeValueAsString(sorted).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
