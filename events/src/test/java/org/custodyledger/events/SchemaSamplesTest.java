package org.custodyledger.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A saved record per event type and schema version, as it stands in the log. Each must still read
 * with this release; an old version must read as the same event as its current form. A change to
 * the events that breaks an old record fails here first.
 */
class SchemaSamplesTest {
    static Envelope read(String path) throws IOException {
        try (InputStream in = SchemaSamplesTest.class.getResourceAsStream("/samples/" + path)) {
            assertThat(in).as(path).isNotNull();
            Validated<Envelope> read = EventReader.readStored(EventJson.parse(in.readAllBytes()));
            assertThat(read.problems()).as(path).isEmpty();
            return read.value();
        }
    }

    @Test
    void everySampleOfEveryVersionStillReads() throws IOException {
        for (String type : EventTypes.names()) {
            Envelope v1 = read("v1/" + type + ".json");
            Envelope v2 = read("v2/" + type + ".json");
            assertThat(v1).as(type + " v1 upcast to v2").isEqualTo(v2);
            assertThat(v2.schemaVersion()).isEqualTo(EventTypes.CURRENT_SCHEMA_VERSION);
            JsonNode stored = EventJson.parse(EventJson.write(v2));
            try (InputStream in = getClass().getResourceAsStream("/samples/v2/" + type + ".json")) {
                assertThat(stored).as(type + " written as the v2 sample").isEqualTo(EventJson.parse(in.readAllBytes()));
            }
        }
    }

    @Test
    void v2SplitsACohortByNationality() throws IOException {
        TransferInitiated t = (TransferInitiated) read("v2/TransferInitiated-by-nationality.json").data();
        assertThat(t.breakdown()).containsExactly(new Cohort("adult", "IQ", 150), new Cohort("adult", "SY", 62));
    }

    @Test
    void theV1ToV2UpcasterIsPureAndLeavesOtherTypesAlone() throws IOException {
        JsonNode v1 = EventJson.parse("{\"count\":3,\"breakdown\":{\"minor\":1,\"adult\":2}}".getBytes());
        JsonNode before = v1.deepCopy();
        JsonNode v2 = Upcasters.toCurrent("TransferInitiated", 1, v1);
        assertThat(v1).isEqualTo(before);
        assertThat(v2.get("breakdown").toString()).isEqualTo("[{\"cohort\":\"adult\",\"count\":2},{\"cohort\":\"minor\",\"count\":1}]");
        assertThat(Upcasters.toCurrent("CustodianChanged", 1, v1)).isSameAs(v1);
        assertThat(Upcasters.toCurrent("TransferInitiated", 2, v1)).isSameAs(v1);
        assertThat(List.of(EventTypes.CURRENT_SCHEMA_VERSION)).containsExactly(2);
    }
}
