package org.custodyledger.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventJson;
import org.custodyledger.events.EventReader;
import org.custodyledger.testing.Samples;
import org.junit.jupiter.api.Test;

/** The seed case followed by the repatriation sample, folded: exactly samples/repatriation.expected.json. */
class RepatriationSampleTest {
    static List<Envelope> seedAndSample() {
        List<Envelope> events = new ArrayList<>(LedgerFoldTest.seed());
        for (String line : Samples.repatriationLines()) {
            try {
                events.add(EventReader.readSubmission(EventJson.parse(line.getBytes()), LedgerFoldTest.END).value()
                        .record(UUID.randomUUID(), Instant.EPOCH, "sample"));
            } catch (Exception e) {
                throw new IllegalStateException(line, e);
            }
        }
        return events;
    }

    static String key(String cohort, String nationality) {
        return cohort + (nationality == null ? "" : "/" + nationality);
    }

    /** The lines of a breakdown as the expected document writes them: {"adult/FR": {"population": .., "netChange": ..}}. */
    static Map<String, Map<String, Long>> lines(Breakdowns.Breakdown b) {
        Map<String, Map<String, Long>> lines = new TreeMap<>();
        for (Breakdowns.LineView l : b.lines()) {
            Map<String, Long> figures = new TreeMap<>();
            figures.put("population", l.population());
            figures.put("netChange", l.netChange());
            lines.put(key(l.cohort(), l.nationality()), figures);
        }
        return lines;
    }

    static Map<String, Map<String, Long>> expectedLines(JsonNode lines) {
        Map<String, Map<String, Long>> expected = new TreeMap<>();
        lines.fields().forEachRemaining(l -> {
            Map<String, Long> figures = new TreeMap<>();
            figures.put("population", l.getValue().get("population").isNull() ? null : l.getValue().get("population").asLong());
            figures.put("netChange", l.getValue().get("netChange").asLong());
            expected.put(l.getKey(), figures);
        });
        return expected;
    }

    @Test
    void theSampleGivesTheExpectedPopulationsByNationalityFlowsAndVerdicts() throws Exception {
        JsonNode expected = EventJson.parse(Samples.repatriationExpected().getBytes());
        assertThat(Samples.repatriationLines()).hasSize(expected.get("events").asInt());
        List<Envelope> log = seedAndSample();
        LedgerSnapshot then = LedgerFold.at(log, Instant.parse(expected.get("asOf").asText()));
        expected.get("facilities").fields().forEachRemaining(f -> {
            JsonNode population = f.getValue().get("population");
            assertThat(then.facilities().get(f.getKey()).population()).as(f.getKey()).isEqualTo(population.isNull() ? null : population.asLong());
            assertThat(lines(then.breakdowns().facilities().get(f.getKey()))).as(f.getKey()).isEqualTo(expectedLines(f.getValue().get("lines")));
        });
        expected.get("inTransit").fields().forEachRemaining(c -> c.getValue().fields().forEachRemaining(l ->
                assertThat(then.breakdowns().byCustodian().get(c.getKey()).lines()).filteredOn(v -> key(v.cohort(), v.nationality()).equals(l.getKey()))
                        .singleElement().satisfies(v -> assertThat(v.inTransit()).isEqualTo(l.getValue().asLong()))));
        JsonNode op = expected.get("operation");
        OperationView view = then.operations().get(op.get("operationId").asText());
        assertThat(List.of(view.initiated(), view.received(), view.inTransit(), view.cancelled(), view.lost())).containsExactly(
                op.get("initiated").asLong(), op.get("received").asLong(), op.get("inTransit").asLong(), op.get("cancelled").asLong(), op.get("lost").asLong());
        Map<String, List<Long>> opLines = new TreeMap<>();
        then.breakdowns().operations().get(view.operationId()).forEach(l -> opLines.put(key(l.cohort(), l.nationality()),
                List.of(l.initiated(), l.received(), l.inTransit(), l.cancelled(), l.lost())));
        Map<String, List<Long>> expectedOpLines = new TreeMap<>();
        op.get("lines").fields().forEachRemaining(l -> expectedOpLines.put(l.getKey(), List.of(l.getValue().get("initiated").asLong(),
                l.getValue().get("received").asLong(), l.getValue().get("inTransit").asLong(), l.getValue().get("cancelled").asLong(), l.getValue().get("lost").asLong())));
        assertThat(opLines).isEqualTo(expectedOpLines);

        JsonNode flows = expected.get("flows");
        Instant from = Instant.parse(flows.get("from").asText());
        Instant to = Instant.parse(flows.get("to").asText());
        assertThat(EventJson.mapper().writeValueAsString(Flows.between(log, from, to, Flows.By.COUNTRY))).isEqualTo(flows.get("byCountry").toString());
        assertThat(EventJson.mapper().writeValueAsString(Flows.between(log, from, to, Flows.By.COUNTRY, "TN"))).isEqualTo(flows.get("nationality_TN").toString());
        assertThat(EventJson.mapper().writeValueAsString(Flows.between(log, from, to, Flows.By.COUNTRY, "TN", "adult"))).isEqualTo(flows.get("nationality_TN").toString());
        assertThat(Flows.between(log, from, to, Flows.By.COUNTRY, "TN", "minor")).as("no minors were sent").isEmpty();
        // The seed's transfers break everyone down as adults, of no stated nationality.
        assertThat(Flows.between(log, Instant.parse("2026-01-21T00:00:00Z"), Instant.parse("2026-02-14T00:00:00Z"), Flows.By.COUNTRY, null, "adult"))
                .singleElement().satisfies(f -> assertThat(f.received()).isEqualTo(5704));

        expected.get("reconciliation").fields().forEachRemaining(s -> assertThat(LedgerFold.at(log, LedgerFoldTest.END).statements().stream()
                .filter(v -> v.statement().statementId().equals(s.getKey())).findFirst().orElseThrow().checks())
                .extracting(c -> c.verdict().name())
                .containsExactlyElementsOf(java.util.stream.StreamSupport.stream(s.getValue().spliterator(), false).map(JsonNode::asText).toList()));

        JsonNode march = expected.get("asOf_2026-03-01T00:00:00Z");
        LedgerSnapshot early = LedgerFold.at(log, Instant.parse("2026-03-01T00:00:00Z"));
        march.fields().forEachRemaining(f -> {
            Map<String, Long> populations = new TreeMap<>();
            early.breakdowns().facilities().get(f.getKey()).lines().forEach(l -> populations.put(key(l.cohort(), l.nationality()), l.population()));
            Map<String, Long> want = new TreeMap<>();
            f.getValue().fields().forEachRemaining(l -> want.put(l.getKey(), l.getValue().asLong()));
            assertThat(populations).as(f.getKey() + " on 1 March").isEqualTo(want);
        });
        assertThat(then.anomalies()).extracting(Anomaly::kind, Anomaly::subject)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Anomaly.Kind.LOST_IN_TRANSIT, "transfer/R-TN-01"));

        expected.get("locations").fields().forEachRemaining(l -> assertThat(then.facilities().get(l.getKey()).location()).as(l.getKey())
                .isEqualTo(new FacilityView.Location(l.getValue().get(0).asDouble(), l.getValue().get(1).asDouble())));

        // The series, as GET /<kind>/<id>/series answers them: each field step by step.
        JsonNode series = expected.get("series");
        Instant seriesFrom = Instant.parse(series.get("from").asText());
        Instant seriesTo = Instant.parse(series.get("to").asText());
        Series.Step step = Series.Step.valueOf(series.get("step").asText().toUpperCase(java.util.Locale.ROOT));
        int checked = 0;
        for (var entry : (Iterable<Map.Entry<String, JsonNode>>) series::fields) {
            if (!entry.getValue().isObject()) {
                continue;
            }
            String[] path = entry.getKey().split("\\?nationality=");
            String kind = path[0].substring(0, path[0].indexOf('/'));
            String id = path[0].substring(kind.length() + 1);
            String nationality = path.length > 1 ? path[1] : null;
            List<?> points = switch (kind) {
                case "operations" -> Series.ofOperation(log, id, seriesFrom, seriesTo, step);
                case "facilities" -> Series.of(log, f -> f.facilityId().equals(id), seriesFrom, seriesTo, step, nationality);
                case "custodians" -> Series.of(log, f -> id.equals(f.custodian()), seriesFrom, seriesTo, step, nationality);
                default -> throw new AssertionError(kind);
            };
            JsonNode got = org.custodyledger.events.EventJson.mapper().valueToTree(points);
            entry.getValue().fields().forEachRemaining(field -> {
                List<String> values = new java.util.ArrayList<>();
                got.forEach(point -> values.add(point.get(field.getKey()).toString()));
                assertThat(values).as(entry.getKey() + " " + field.getKey()).isEqualTo(
                        java.util.stream.StreamSupport.stream(field.getValue().spliterator(), false).map(JsonNode::toString).toList());
            });
            checked++;
        }
        assertThat(checked).isEqualTo(4);
    }
}
