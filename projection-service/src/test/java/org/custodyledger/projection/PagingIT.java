package org.custodyledger.projection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.custodyledger.events.EventJson;
import org.custodyledger.ledger.Anomaly;
import org.custodyledger.ledger.LedgerDigest;
import org.custodyledger.ledger.LedgerFold;
import org.custodyledger.ledger.LedgerSnapshot;
import org.custodyledger.ledger.LogGenerator;
import org.custodyledger.ledger.TransferView;
import org.custodyledger.projection.consume.ProjectionProgress;
import org.custodyledger.projection.query.ReadModels;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * Long lists come in pages that, followed by their Link headers to the end, give exactly the fold's
 * list in the fold's order (so the SQL order and filters are held equal to the rules), and the
 * streamed digest is the fold's.
 */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class PagingIT {
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    @Inject
    ProjectionProgress progress;

    @Test
    void followingEveryPageGivesTheFoldsListsInTheFoldsOrder() throws Exception {
        assertThat(progress.awaitCovers(ProjectionMatchesFoldIT.produce(LogGenerator.generate(51, 2_500)), Duration.ofSeconds(120))).isTrue();
        Instant asOf = Instant.parse("2026-06-01T00:00:00Z");
        LedgerSnapshot fold = LedgerFold.at(ProjectionMatchesFoldIT.everythingInTheLog(), asOf);
        LedgerSnapshot now = LedgerFold.at(ProjectionMatchesFoldIT.everythingInTheLog(), ReadModels.CURRENT);
        assertThat(fold.transfers()).hasSizeGreaterThan(300);
        assertThat(fold.anomalies()).hasSizeGreaterThan(100);

        assertThat(given().get("/transfers?limit=97&asOf=" + asOf).<List<?>>path("transfers")).hasSize(97);
        assertThat(given().get("/transfers?asOf=" + asOf).<List<?>>path("transfers")).hasSize(Math.min(1000, fold.transfers().size()));
        assertThat(walk("/transfers?limit=97&asOf=" + asOf, "transfers")).isEqualTo(tree(fold.transfers().values()));
        for (String status : List.of(TransferView.IN_TRANSIT, TransferView.COMPLETED, TransferView.CANCELLED)) {
            assertThat(walk("/transfers?limit=500&status=" + status + "&asOf=" + asOf, "transfers")).as(status)
                    .isEqualTo(tree(fold.transfers().values().stream().filter(t -> t.status().equals(status)).toList()));
        }
        String facility = fold.facilities().keySet().iterator().next();
        assertThat(walk("/transfers?facilityId=" + facility + "&asOf=" + asOf, "transfers")).isEqualTo(tree(fold.transfers().values().stream()
                .filter(t -> t.fromFacilityId().equals(facility) || t.toFacilityId().equals(facility)).toList()));

        assertThat(walk("/anomalies?limit=53&asOf=" + asOf, "anomalies")).isEqualTo(tree(fold.anomalies()));
        Anomaly.Kind kind = fold.anomalies().get(0).kind();
        assertThat(walk("/anomalies?kind=" + kind + "&asOf=" + asOf, "anomalies"))
                .isEqualTo(tree(fold.anomalies().stream().filter(a -> a.kind() == kind).toList()));
        Instant since = fold.anomalies().get(fold.anomalies().size() / 2).occurredAt();
        assertThat(walk("/anomalies?limit=40&since=" + since + "&asOf=" + asOf, "anomalies"))
                .isEqualTo(tree(fold.anomalies().stream().filter(a -> !a.occurredAt().isBefore(since)).toList()));

        JsonNode statements = walk("/statements?limit=2", "statements");
        assertThat(statements).hasSize(now.statements().size());
        for (int i = 0; i < statements.size(); i++) {
            assertThat(statements.get(i).path("eventId").asText()).isEqualTo(now.statements().get(i).eventId().toString());
        }
        assertThat(walk("/reconciliation?limit=1", "claims")).hasSize(now.statements().stream().mapToInt(s -> s.checks().size()).sum());

        assertThat(given().get("/admin/digest").<String>path("digest")).isEqualTo(LedgerDigest.of(now));
    }

    @Test
    void badPagingParametersAre400NamingTheParameter() {
        for (String[] bad : new String[][] {{"/transfers?limit=0", "limit"}, {"/transfers?limit=5001", "limit"}, {"/anomalies?limit=x", "limit"},
                {"/transfers?after=not-a-cursor", "after"}, {"/anomalies?after=WyJhIl0", "after"}, {"/anomalies?kind=NOPE", "kind"},
                {"/anomalies?since=yesterday", "since"}, {"/statements?after=!!!", "after"}}) {
            Response answer = given().urlEncodingEnabled(false).get(bad[0]);
            assertThat(answer.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.<String>path("errors[0].field")).as(bad[0]).isEqualTo(bad[1]);
        }
    }

    /** Every page from the first, by the Link headers, concatenated. */
    private static ArrayNode walk(String first, String field) throws java.io.IOException {
        ArrayNode all = EventJson.mapper().createArrayNode();
        String url = first;
        for (int pages = 0; url != null; pages++) {
            assertThat(pages).as("pages of " + first).isLessThan(500);
            Response page = given().urlEncodingEnabled(false).get(url);
            assertThat(page.statusCode()).as(url + ": " + page.asString()).isEqualTo(200);
            JsonNode body = EventJson.parse(page.asByteArray());
            body.path(field).forEach(all::add);
            String link = page.header("Link");
            if (link == null) {
                assertThat(body.path("nextCursor").isNull()).isTrue();
                url = null;
            } else {
                Matcher m = NEXT.matcher(link);
                assertThat(m.find()).as(link).isTrue();
                url = m.group(1);
            }
        }
        return all;
    }

    /** As JSON text read back, like the answers: numbers by their size, not their Java type. */
    private static JsonNode tree(Object value) throws java.io.IOException {
        return EventJson.parse(EventJson.mapper().writeValueAsBytes(value));
    }
}
