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
        int older = 0;
        int types = 0;
        for (String type : EventTypes.names()) {
            types++;
            Envelope current = read("v4/" + type + ".json");
            for (int version = EventTypes.firstVersion(type); version < EventTypes.CURRENT_SCHEMA_VERSION; version++) {
                assertThat(read("v" + version + "/" + type + ".json")).as(type + " v" + version + " read as v4").isEqualTo(current);
                older++;
            }
            assertThat(current.schemaVersion()).isEqualTo(EventTypes.CURRENT_SCHEMA_VERSION);
            JsonNode stored = EventJson.parse(EventJson.write(current));
            try (InputStream in = getClass().getResourceAsStream("/samples/v4/" + type + ".json")) {
                assertThat(stored).as(type + " written as the v4 sample").isEqualTo(EventJson.parse(in.readAllBytes()));
            }
        }
        assertThat(older).as("older samples read").isEqualTo(3 * (types - 1));
    }

    @Test
    void v4LocatesAFacilityAndRefusesAPlaceOffTheGlobe() throws IOException {
        FacilityLocated located = (FacilityLocated) read("v4/FacilityLocated.json").data();
        assertThat(List.of(located.latitude(), located.longitude())).containsExactly(33.3, 44.4);
        String record = new String(getClass().getResourceAsStream("/samples/v4/FacilityLocated.json").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        for (String[] bad : new String[][] {{"33.3", "91"}, {"33.3", "\"north\""}, {"44.4", "-180.5"}}) {
            String changed = record.replace("\"latitude\": 33.3", "\"latitude\": " + (bad[0].equals("44.4") ? "33.3" : bad[1]))
                    .replace("\"longitude\": 44.4", "\"longitude\": " + (bad[0].equals("44.4") ? bad[1] : "44.4"));
            Validated<Envelope> read = EventReader.readStored(EventJson.parse(changed.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(read.problems()).as(changed).singleElement().satisfies(p -> assertThat(p.toString()).contains("degrees"));
        }
        // No release before v4 wrote one, so there is no older sample of it to read.
        assertThat(EventTypes.firstVersion("FacilityLocated")).isEqualTo(4);
    }

    @Test
    void v3CarriesTheReceivedBreakdownAndClaimsAboutACohortOrNationality() throws IOException {
        TransferCompleted c = (TransferCompleted) read("v3/TransferCompleted-with-breakdown.json").data();
        assertThat(c.breakdown()).containsExactly(new Cohort("adult", "IQ", 150), new Cohort("adult", "SY", 60));
        StatementRecorded s = (StatementRecorded) read("v3/StatementRecorded-by-cohort.json").data();
        assertThat(s.claims()).extracting(Claim::cohort, Claim::nationality).containsExactly(
                org.assertj.core.groups.Tuple.tuple("adult", null), org.assertj.core.groups.Tuple.tuple(null, "FR"));
        // A v2 completion or claim has neither: it reads as one about everyone.
        assertThat(((TransferCompleted) read("v2/TransferCompleted.json").data()).breakdown()).isNull();
        assertThat(((StatementRecorded) read("v2/StatementRecorded.json").data()).claims()).noneMatch(Claim::narrowed);
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
        assertThat(List.of(EventTypes.CURRENT_SCHEMA_VERSION)).containsExactly(4);
    }
}
