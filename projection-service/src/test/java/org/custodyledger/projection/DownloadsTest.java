package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.custodyledger.events.EventJson;
import org.junit.jupiter.api.Test;

/** The CSV and NDJSON forms of an answer, without a server. */
class DownloadsTest {
    static JsonNode json(String text) throws Exception {
        return EventJson.mapper().readTree(text);
    }

    @Test
    void cellsAreQuotedAsRfc4180SaysAndTextIsNeverAFormula() throws Exception {
        assertThat(Downloads.cell(json("\"plain\""))).isEqualTo("plain");
        assertThat(Downloads.cell(json("\"a, b\""))).isEqualTo("\"a, b\"");
        assertThat(Downloads.cell(json("\"say \\\"hi\\\"\""))).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Downloads.cell(json("\"two\\nlines\""))).isEqualTo("\"two\nlines\"");
        assertThat(Downloads.cell(json("\"=HYPERLINK(\\\"http://x\\\")\""))).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(Downloads.cell(json("\"+1\""))).isEqualTo("'+1");
        assertThat(Downloads.cell(json("-5704"))).as("a number stays a number").isEqualTo("-5704");
        assertThat(Downloads.cell(json("null"))).isEmpty();
        assertThat(Downloads.cell(json("true"))).isEqualTo("true");
    }

    @Test
    void nestedLinesBecomeOneRowEachWithTheirItemsFieldsAndTheListTheyAreFrom() throws Exception {
        JsonNode answer = json("""
                {"asOf": null,
                 "facilities": [{"key": "iraq", "known": true, "lines": [
                     {"cohort": "adult", "nationality": "FR", "population": 30, "netChange": -120, "inTransit": 0},
                     {"cohort": "unspecified", "nationality": null, "population": 58, "netChange": 58, "inTransit": 0}]}],
                 "byCustodian": [{"key": "Government of Iraq", "known": true, "lines": [
                     {"cohort": "adult", "nationality": "TN", "population": 0, "netChange": -40, "inTransit": 40}]}],
                 "byCountry": [], "operations": []}""");
        Downloads.Table table = Downloads.TABLES.get("getBreakdowns");
        assertThat(Downloads.csv(table, answer)).isEqualTo("list,key,known,cohort,nationality,population,netChange,inTransit\r\n"
                + "facilities,iraq,true,adult,FR,30,-120,0\r\n"
                + "facilities,iraq,true,unspecified,,58,58,0\r\n"
                + "byCustodian,Government of Iraq,true,adult,TN,0,-40,40\r\n");
        assertThat(Downloads.ndjson(table, answer).lines()).hasSize(2)
                .allSatisfy(line -> assertThat(line).startsWith("{\"list\":\"").contains("\"lines\":["));
    }

    @Test
    void aListOfOneKindHasItsDocumentedColumnsWhateverTheItemsCarry() throws Exception {
        JsonNode answer = json("{\"flows\": [{\"from\": \"IQ\", \"to\": \"TN\", \"received\": 198, \"lost\": 2, \"cancelled\": 0, \"extra\": 1}]}");
        assertThat(Downloads.csv(Downloads.TABLES.get("getFlows"), answer)).isEqualTo("from,to,received,lost,cancelled\r\nIQ,TN,198,2,0\r\n");
        assertThat(Downloads.csv(Downloads.TABLES.get("getFlows"), json("{\"flows\": []}"))).isEqualTo("from,to,received,lost,cancelled\r\n");
    }
}
