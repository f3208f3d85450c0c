package org.custodyledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.custodyledger.events.EventJson;
import org.custodyledger.log.LogLeaf;
import org.custodyledger.log.RecordSignatures;

/**
 * One record of an export, holding the record exactly as stored, so its Merkle leaf
 * ({@link LogLeaf}) can be recomputed from the file alone: {@code value} is the stored bytes as
 * text (or {@code valueBase64} when they are not UTF-8), {@code event} the same parsed for
 * reading and import, {@code headers} the headers by name (or, when names repeat or a value is
 * not UTF-8, {@code rawHeaders} in record order, base64).
 */
record ExportedRecord(int partition, long offset, byte[] leafHash, List<String> problems) {

    static ObjectNode line(ConsumerRecord<String, byte[]> record) {
        ObjectNode line = LogAccess.exportLine(record);
        Optional<String> text = strictUtf8(record.value());
        if (text.isPresent()) {
            line.put("value", text.get());
        } else if (!line.has("valueBase64")) {
            line.put("valueBase64", Base64.getEncoder().encodeToString(record.value()));
        }
        Set<String> names = new HashSet<>();
        boolean lossless = true;
        for (Header h : record.headers()) {
            lossless &= names.add(h.key()) && strictUtf8(h.value()).isPresent();
        }
        if (!lossless) {
            ArrayNode raw = line.putArray("rawHeaders");
            for (Header h : record.headers()) {
                raw.addObject().put("name", h.key()).put("valueBase64", h.value() == null ? null : Base64.getEncoder().encodeToString(h.value()));
            }
        }
        return line;
    }

    /** An export line read back: its leaf, and what in it does not hold together. */
    static ExportedRecord read(String text, long lineNumber) {
        JsonNode line;
        try {
            line = EventJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new CliException(LedgerCli.FAILED, "line " + lineNumber + " is not JSON: " + e.getMessage());
        }
        if (!line.path("partition").canConvertToInt() || !line.path("offset").canConvertToLong()) {
            throw new CliException(LedgerCli.FAILED, "line " + lineNumber + " has no partition and offset: not a line of 'ledger cli export'");
        }
        int partition = line.get("partition").asInt();
        long offset = line.get("offset").asLong();
        List<String> problems = new ArrayList<>();
        byte[] value;
        if (line.path("value").isTextual()) {
            value = line.get("value").asText().getBytes(StandardCharsets.UTF_8);
        } else if (line.path("valueBase64").isTextual()) {
            value = Base64.getDecoder().decode(line.get("valueBase64").asText());
        } else {
            throw new CliException(LedgerCli.FAILED, "line " + lineNumber + " (" + partition + "/" + offset + ") has no \"value\": "
                    + "an export made before exports kept the stored bytes; export again to verify");
        }
        if (line.has("event") && line.path("value").isTextual()) {
            try {
                if (!EventJson.mapper().readTree(value).equals(line.get("event"))) {
                    problems.add("its \"event\" is not the stored record in \"value\": edited");
                }
            } catch (Exception e) {
                problems.add("its \"value\" is not JSON");
            }
        }
        List<LogLeaf.Header> headers = new ArrayList<>();
        if (line.has("rawHeaders")) {
            for (JsonNode h : line.get("rawHeaders")) {
                headers.add(new LogLeaf.Header(h.get("name").asText(), h.get("valueBase64").isNull() ? null : Base64.getDecoder().decode(h.get("valueBase64").asText())));
            }
        } else {
            line.path("headers").fields().forEachRemaining(h -> headers.add(new LogLeaf.Header(h.getKey(), h.getValue().asText().getBytes(StandardCharsets.UTF_8))));
        }
        if (headers.stream().noneMatch(h -> h.name().equals(RecordSignatures.SIGNATURE))) {
            problems.add("it carries no ingest tag (" + RecordSignatures.SIGNATURE + "): written to the topic without going through ingest");
        }
        byte[] key = line.path("key").isTextual() ? line.get("key").asText().getBytes(StandardCharsets.UTF_8) : null;
        return new ExportedRecord(partition, offset, LogLeaf.hash(partition, offset, key, headers, value), problems);
    }

    private static Optional<String> strictUtf8(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
