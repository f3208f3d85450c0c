package org.custodyledger.ledger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A fingerprint of the read models: SHA-256 of their canonical JSON (object keys sorted, no
 * whitespace, instants as ISO-8601 UTC, lists in the snapshot's own order: facilities, operations
 * and transfers by id, statements and anomalies by event time then eventId). Nothing that depends
 * on arrival, such as offsets, or on who sent the events in, recordedAt and recordedBy (shown with
 * statements and transfers), is in it: the same log gives the same digest on any machine, in any
 * arrival order, after any replay or export and import (an import is recorded by its importer).
 * The breakdowns by cohort and nationality are not in v1: they split the same transfers and
 * censuses it covers, and leaving them out keeps the digests of earlier checkpoints verifiable;
 * neither is a facility's location (schema v4), for the same reason.
 *
 * <p>The JSON is written into the hash as it is made ({@link Writer}), one element at a time, so a
 * digest of a million transfers needs the memory of one; {@link #of} writes a snapshot the same way.
 */
public final class LedgerDigest {
    public static final String ALGORITHM = "sha256(canonical-json(read models)) v1";

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .addMixIn(StatementView.class, WithoutAttribution.class)
            .addMixIn(TransferView.class, WithoutAttribution.class)
            .addMixIn(FacilityView.class, WithoutLocation.class)
            .build();

    /** Not in v1 (see above). */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"location"})
    abstract static class WithoutLocation {
    }

    /** Who sent the events in is shown in reads but not fingerprinted (see above). */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"recordedBy", "recordedAt", "initiatedBy", "finishedBy"})
    abstract static class WithoutAttribution {
    }

    /** The snapshot's fields in the order the canonical form has them (sorted; asOf is not part of it). */
    public static final List<String> FIELDS = List.of("anomalies", "byCountry", "byCustodian", "facilities", "inTransit",
            "operations", "statements", "transfers");

    private LedgerDigest() {
    }

    public static String of(LedgerSnapshot snapshot) {
        Writer w = new Writer();
        w.list("anomalies", snapshot.anomalies());
        w.map("byCountry", snapshot.byCountry());
        w.map("byCustodian", snapshot.byCustodian());
        w.map("facilities", snapshot.facilities());
        w.value("inTransit", snapshot.inTransit());
        w.map("operations", snapshot.operations());
        w.list("statements", snapshot.statements());
        w.map("transfers", snapshot.transfers());
        return w.finish();
    }

    /**
     * Writes the canonical JSON of a snapshot into the hash, field by field in {@link #FIELDS}
     * order; a list's elements and a map's entries (in key order) may be streamed one by one.
     */
    public static final class Writer {
        private final MessageDigest sha256;
        private final JsonGenerator json;
        private int next;

        public Writer() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
                json = CANONICAL.createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), sha256));
                json.writeStartObject();
            } catch (IOException | NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private void field(String name) throws IOException {
            if (next >= FIELDS.size() || !FIELDS.get(next).equals(name)) {
                throw new IllegalStateException("field " + name + " out of canonical order; expected " + FIELDS.get(Math.min(next, FIELDS.size() - 1)));
            }
            next++;
            json.writeFieldName(name);
        }

        public void value(String name, Object value) {
            run(() -> {
                field(name);
                element(value);
            });
        }

        public void list(String name, List<?> values) {
            startList(name);
            values.forEach(this::element);
            end(false);
        }

        public void map(String name, Map<String, ?> entries) {
            startMap(name);
            new java.util.TreeMap<>(entries).forEach(this::entry);
            end(true);
        }

        public void startList(String name) {
            run(() -> {
                field(name);
                json.writeStartArray();
            });
        }

        public void startMap(String name) {
            run(() -> {
                field(name);
                json.writeStartObject();
            });
        }

        /** The next element of the open list. */
        public void element(Object value) {
            // Through a tree and plain maps, as the whole snapshot is, so every nested object's keys are sorted.
            run(() -> CANONICAL.writeValue(json, CANONICAL.treeToValue(CANONICAL.valueToTree(value), Object.class)));
        }

        /** The next entry of the open map; entries must come in key order. */
        public void entry(String key, Object value) {
            run(() -> {
                json.writeFieldName(key);
                element(value);
            });
        }

        public void end(boolean map) {
            run(() -> {
                if (map) {
                    json.writeEndObject();
                } else {
                    json.writeEndArray();
                }
            });
        }

        public String finish() {
            if (next != FIELDS.size()) {
                throw new IllegalStateException("digest finished before field " + FIELDS.get(next));
            }
            run(() -> {
                json.writeEndObject();
                json.flush();
            });
            return HexFormat.of().formatHex(sha256.digest());
        }

        private interface Io {
            void run() throws IOException;
        }

        private static void run(Io io) {
            try {
                io.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
