package org.custodyledger.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventJsonTest {
    @Test
    void everyEventTypeHasAFixedNameAndIsRead() {
        for (Class<?> type : CustodyEvent.class.getPermittedSubclasses()) {
            String name = EventTypes.nameOf(type);
            assertThat(EventTypes.byName(name)).contains(type.asSubclass(CustodyEvent.class));
        }
        assertThat(EventTypes.names()).hasSize(CustodyEvent.class.getPermittedSubclasses().length);
    }

    @Test
    void storedEnvelopeRoundTripsForEverySeedEvent() throws Exception {
        for (JsonNode line : EventReaderTest.seedLines()) {
            Submission submission = EventReader.readSubmission(line, EventReaderTest.NOW).value();
            Envelope envelope = submission.record(UUID.randomUUID(), Instant.parse("2026-11-25T10:00:00.123456Z"), "operator");
            byte[] stored = EventJson.write(envelope);
            Validated<Envelope> back = EventReader.readStored(EventJson.parse(stored));
            assertThat(back.problems()).isEmpty();
            assertThat(back.value()).isEqualTo(envelope);
            assertThat(EventJson.write(back.value())).isEqualTo(stored);
        }
    }

    @Test
    void fingerprintIgnoresKeyOrderButNotContent() throws Exception {
        JsonNode a = EventReaderTest.json("{\"type\":\"CustodianChanged\",\"occurredAt\":\"2026-01-21T06:00:00Z\",\"data\":{\"facilityId\":\"x\",\"custodian\":\"Iraq\"}}");
        JsonNode b = EventReaderTest.json("{\"data\":{\"custodian\":\"Iraq\",\"facilityId\":\"x\"},\"occurredAt\":\"2026-01-21T08:00:00+02:00\",\"type\":\"CustodianChanged\"}");
        JsonNode c = EventReaderTest.json("{\"type\":\"CustodianChanged\",\"occurredAt\":\"2026-01-21T06:00:00Z\",\"data\":{\"facilityId\":\"x\",\"custodian\":\"Syria\"}}");
        String fa = EventJson.fingerprint(EventReader.readSubmission(a, EventReaderTest.NOW).value());
        assertThat(EventJson.fingerprint(EventReader.readSubmission(b, EventReaderTest.NOW).value())).isEqualTo(fa);
        assertThat(EventJson.fingerprint(EventReader.readSubmission(c, EventReaderTest.NOW).value())).isNotEqualTo(fa);
    }

    @Test
    void storedRecordsOfAnotherSchemaVersionAreRefused() throws Exception {
        Envelope envelope = new Envelope(UUID.randomUUID(), Instant.EPOCH.plusSeconds(3_000_000_000L), Instant.parse("2066-01-01T00:00:00Z"),
                "operator", 1, new CustodianChanged("x", "y"));
        var tree = EventJson.toTree(envelope).put("schemaVersion", EventTypes.CURRENT_SCHEMA_VERSION + 1);
        assertThat(EventReader.readStored(tree).problems()).extracting(FieldProblem::field).containsExactly("schemaVersion");
    }

    @Test
    void duplicateKeysAreMalformed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventJson.parse("{\"a\":1,\"a\":2}".getBytes()))
                .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
    }

    @Test
    void consistencyTokenRoundTripsAndMerges() {
        ConsistencyToken t = ConsistencyToken.of(3, 42).merge(ConsistencyToken.of(5, 10)).merge(ConsistencyToken.of(3, 7));
        assertThat(t).hasToString("v1.3-42.5-10");
        assertThat(ConsistencyToken.parse("v1.3-42.5-10")).isEqualTo(t);
        for (String bad : Arrays.asList(null, "", "v2.1-1", "v1.", "v1.a-1", "3-42")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConsistencyToken.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
