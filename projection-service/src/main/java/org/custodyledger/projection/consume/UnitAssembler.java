package org.custodyledger.projection.consume;

import org.custodyledger.projection.write.ProjectionStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventJson;
import org.custodyledger.events.EventReader;
import org.custodyledger.events.EventTypes;
import org.custodyledger.events.FieldProblem;
import org.custodyledger.events.Validated;

/** Turns polled records into one unit of work: decoded events and poison records, with the positions that cover them. */
@ApplicationScoped
public class UnitAssembler {
    private final DeadLetters deadLetters;
    private final org.custodyledger.log.RecordSignatures.Verifier signatures;
    private final boolean trees;

    @jakarta.inject.Inject
    UnitAssembler(DeadLetters deadLetters, org.custodyledger.projection.ProjectionConfig config) {
        this(deadLetters, org.custodyledger.log.RecordSignatures.Verifier.of(config.projection().verifyKeys().orElseThrow(() ->
                new IllegalStateException("the projection trusts only records signed by ingest: set LEDGER_VERIFY_KEYS (keyId=base64 of "
                        + "ingest's record key; ./ledger up sets it). See README, \"Security\"."))), config.checkpoints().trees());
    }

    UnitAssembler(DeadLetters deadLetters, org.custodyledger.log.RecordSignatures.Verifier signatures) {
        this(deadLetters, signatures, true);
    }

    private UnitAssembler(DeadLetters deadLetters, org.custodyledger.log.RecordSignatures.Verifier signatures, boolean trees) {
        this.deadLetters = deadLetters;
        this.signatures = signatures;
        this.trees = trees;
    }

    /**
     * @param sendPoison false during a replay: the live projection already sent those records to the DLQ
     * @param positions  the positions after these records, committed with them
     */
    public ProjectionStore.Unit assemble(Iterable<ConsumerRecord<String, byte[]>> records, boolean sendPoison,
                                         Map<Integer, Long> positions) throws Exception {
        List<ProjectionStore.AppliedEvent> applied = new ArrayList<>();
        List<ProjectionStore.RejectedRecord> rejected = new ArrayList<>();
        Set<UUID> inThisUnit = new HashSet<>();
        List<org.custodyledger.projection.write.LogTree.Leaf> leaves = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            leaves.add(trees ? org.custodyledger.projection.write.LogTree.Leaf.of(record) : org.custodyledger.projection.write.LogTree.Leaf.unhashed(record));
            String untrusted = signatures.problem(record.value(), record.headers());
            Decoded read = untrusted == null ? read(record.value()) : null;
            Validated<Envelope> decoded = read == null ? null : read.envelope();
            if (decoded == null || !decoded.isValid()) {
                String reason = untrusted != null ? "signature: " + untrusted : describe(decoded.problems());
                rejected.add(new ProjectionStore.RejectedRecord(record.partition(), record.offset(), reason));
                if (sendPoison) {
                    deadLetters.send(record, reason);
                }
            } else if (inThisUnit.add(decoded.value().eventId())) {
                applied.add(new ProjectionStore.AppliedEvent(decoded.value(), storedForm(record.value(), read.json(), decoded.value()),
                        record.partition(), record.offset()));
            }
        }
        return new ProjectionStore.Unit(applied, rejected, positions, leaves);
    }

    /**
     * The envelope as applied_event keeps it: the record itself when it is of the current schema
     * version (re-serialising a million envelopes is a measurable part of a replay), else the upcast event.
     */
    private static byte[] storedForm(byte[] value, com.fasterxml.jackson.databind.JsonNode json, Envelope envelope) {
        return json.path("schemaVersion").asInt() == EventTypes.CURRENT_SCHEMA_VERSION ? value : EventJson.write(envelope);
    }

    /** A record's JSON (null if it is not JSON) and the event read from it, or what is wrong with it. */
    private record Decoded(com.fasterxml.jackson.databind.JsonNode json, Validated<Envelope> envelope) {
    }

    private static Decoded read(byte[] value) {
        try {
            com.fasterxml.jackson.databind.JsonNode json = EventJson.parse(value);
            return new Decoded(json, EventReader.readStored(json));
        } catch (Exception e) {
            return new Decoded(null, new Validated<>(null, List.of(new FieldProblem("", "undecodable JSON: " + e.getMessage()))));
        }
    }

    public static Validated<Envelope> decode(byte[] value) {
        return read(value).envelope();
    }

    private static String describe(List<FieldProblem> problems) {
        StringBuilder reason = new StringBuilder();
        for (FieldProblem p : problems) {
            if (reason.length() > 0) {
                reason.append("; ");
            }
            reason.append(p.field().isEmpty() ? "record" : p.field()).append(": ").append(p.message());
        }
        return reason.length() > 1000 ? reason.substring(0, 1000) + "..." : reason.toString();
    }
}
