package org.custodyledger.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.custodyledger.events.LogHeaders;
import org.custodyledger.stack.LocalIssuer;
import org.custodyledger.testing.LogReader;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * Nobody appends without a valid token of the configured issuer with the role operator, and
 * what is appended is attributed to the token's person and client. Real RS256 tokens, verified by
 * quarkus-oidc as a real issuer's would be.
 */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
@org.junit.jupiter.api.extension.ExtendWith(org.custodyledger.testing.WithoutDefaultToken.class)
class AccessIT {
    private static String token(String name, String... roles) {
        return TestInfrastructure.issuer().token("sub-" + name, name, List.of(roles), Duration.ofMinutes(10));
    }

    private static Response post(String token, String body) {
        var request = given().contentType("application/json").body(body);
        return (token == null ? request : request.header("Authorization", "Bearer " + token)).post("/events");
    }

    private static long recordsOf(UUID id) {
        return LogReader.readAll(TestInfrastructure.bootstrapServers(), "custody-events").stream()
                .filter(r -> id.toString().equals(LogReader.header(r, LogHeaders.ID))).count();
    }

    @Test
    void withoutAValidTokenOfTheRoleOperatorNothingIsAppended() {
        LocalIssuer issuer = TestInfrastructure.issuer();
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        List<String> roles = List.of("operator");
        record Refused(String why, String token, int status) {
        }
        for (Refused refused : List.of(
                new Refused("no token", null, 401),
                new Refused("not a token", "not.a.token", 401),
                new Refused("expired", issuer.token("sub-x", "x", roles, LocalIssuer.ISSUER, LocalIssuer.AUDIENCE, twoHoursAgo, Duration.ofHours(1)), 401),
                new Refused("another issuer", issuer.token("sub-x", "x", roles, "https://other.example/issuer", LocalIssuer.AUDIENCE, Instant.now(),
                        Duration.ofMinutes(5)), 401),
                new Refused("another audience", issuer.token("sub-x", "x", roles, LocalIssuer.ISSUER, "another-service", Instant.now(),
                        Duration.ofMinutes(5)), 401),
                new Refused("signed by another key", LocalIssuer.generate().token("sub-x", "x", roles, Duration.ofMinutes(5)), 401),
                new Refused("viewer only", token("reader", "viewer"), 403),
                new Refused("admin is not operator", token("boss", "admin", "auditor"), 403))) {
            UUID id = UUID.randomUUID();
            Response answer = post(refused.token(), IngestApiIT.custodianChanged(id, "Iraq"));
            assertThat(answer.statusCode()).as(refused.why()).isEqualTo(refused.status());
            assertThat(answer.contentType()).as(refused.why()).startsWith("application/problem+json");
            assertThat(answer.jsonPath().getString("detail")).as(refused.why()).contains(refused.status() == 401 ? "Bearer" : "operator");
            if (refused.status() == 401) {
                assertThat(answer.header("WWW-Authenticate")).as(refused.why()).startsWith("Bearer");
            }
            assertThat(recordsOf(id)).as(refused.why()).isZero();
        }
    }

    @Test
    void anAppendedEventIsAttributedToTheTokensPersonAndClient() throws Exception {
        UUID id = UUID.randomUUID();
        post(token("Amira Haddad", "operator"), IngestApiIT.custodianChanged(id, "Iraq")).then().statusCode(201);
        var record = LogReader.readAll(TestInfrastructure.bootstrapServers(), "custody-events").stream()
                .filter(r -> id.toString().equals(LogReader.header(r, LogHeaders.ID))).findFirst().orElseThrow();
        assertThat(org.custodyledger.events.EventJson.parse(record.value()).get("recordedBy").asText())
                .isEqualTo("Amira Haddad <sub-Amira Haddad> via " + LocalIssuer.CLIENT_ID);
        // A client cannot say who recorded it.
        String claimed = IngestApiIT.custodianChanged(UUID.randomUUID(), "Iraq").replace("{\"eventId\"", "{\"recordedBy\":\"someone else\",\"eventId\"");
        post(token("Amira Haddad", "operator"), claimed).then().statusCode(400);
    }

    /** Bearer tokens accepted so far with this outcome (verified by OIDC, or remembered from an earlier verification). */
    private static double tokensAccepted(String outcome) {
        String metrics = given().header("Authorization", "Bearer " + token("aud", "auditor")).get("/q/metrics").asString();
        return metrics.lines().filter(l -> l.startsWith("ledger_auth_tokens_total{") && l.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aTokenVerifiedOnceIsRememberedWithItsPersonAndRolesAndOnlyItExactly() throws Exception {
        String operator = token("Nadia Karim", "operator");
        post(operator, IngestApiIT.custodianChanged(UUID.randomUUID(), "Iraq")).then().statusCode(201);
        double remembered = tokensAccepted("remembered");
        UUID second = UUID.randomUUID();
        post(operator, IngestApiIT.custodianChanged(second, "Iraq")).then().statusCode(201);
        assertThat(tokensAccepted("remembered")).as("the second request with the token is not verified again").isGreaterThan(remembered);
        var record = LogReader.readAll(TestInfrastructure.bootstrapServers(), "custody-events").stream()
                .filter(r -> second.toString().equals(LogReader.header(r, LogHeaders.ID))).findFirst().orElseThrow();
        assertThat(org.custodyledger.events.EventJson.parse(record.value()).get("recordedBy").asText())
                .isEqualTo("Nadia Karim <sub-Nadia Karim> via " + LocalIssuer.CLIENT_ID);
        // The remembered token altered by one character of its signature, or of its claims: verified, and refused.
        int claims = operator.indexOf('.') + 5;
        char last = operator.charAt(operator.length() - 2);
        for (String altered : List.of(operator.substring(0, operator.length() - 2) + (last == 'A' ? 'B' : 'A') + operator.charAt(operator.length() - 1),
                operator.substring(0, claims) + (operator.charAt(claims) == 'A' ? 'B' : 'A') + operator.substring(claims + 1))) {
            UUID id = UUID.randomUUID();
            assertThat(post(altered, IngestApiIT.custodianChanged(id, "Iraq")).statusCode()).isEqualTo(401);
            assertThat(recordsOf(id)).isZero();
        }
        // A remembered token keeps its roles: a viewer stays refused.
        String viewer = token("reader", "viewer");
        for (int i = 0; i < 2; i++) {
            UUID id = UUID.randomUUID();
            assertThat(post(viewer, IngestApiIT.custodianChanged(id, "Iraq")).statusCode()).isEqualTo(403);
            assertThat(recordsOf(id)).isZero();
        }
    }

    @Test
    void aPostABrowserCouldSendFromAnotherSiteIsRefused() throws Exception {
        UUID id = UUID.randomUUID();
        String operator = token("op", "operator");
        // No Content-Type (a no-cors fetch of a Blob): 415, nothing appended.
        var untyped = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + RestAssured.port + "/events")).header("Authorization", "Bearer " + operator)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(IngestApiIT.custodianChanged(id, "Iraq"))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(untyped.statusCode()).isEqualTo(415);
        assertThat(untyped.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        // From a page of another origin, even with a token: refused.
        Response foreign = given().header("Authorization", "Bearer " + operator).header("Origin", "https://evil.example")
                .contentType("application/json").body(IngestApiIT.custodianChanged(id, "Iraq")).post("/events");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(recordsOf(id)).isZero();
    }

    @Test
    void healthIsOpenAndOperationsNeedAnAuditorOrAdmin() {
        given().get("/q/health/ready").then().statusCode(200);
        for (String path : List.of("/q/metrics", "/q/openapi")) {
            assertThat(given().get(path).statusCode()).as(path + " without a token").isEqualTo(401);
            assertThat(given().header("Authorization", "Bearer " + token("op", "operator")).get(path).statusCode()).as(path).isEqualTo(403);
            assertThat(given().header("Authorization", "Bearer " + token("aud", "auditor")).get(path).statusCode()).as(path).isEqualTo(200);
        }
        // The API document names the bearer scheme and the role each operation needs.
        var doc = given().header("Authorization", "Bearer " + token("aud", "auditor")).get("/q/openapi?format=json").jsonPath();
        assertThat(doc.getString("components.securitySchemes.bearer.scheme")).isEqualTo("bearer");
        // Roles are not OAuth scopes: the scheme is listed bare, the roles in x-roles and in words.
        assertThat(doc.getList("paths.'/events'.post.security[0].bearer")).isEmpty();
        assertThat(doc.getList("paths.'/events'.post.x-roles")).containsExactly("operator");
        assertThat(doc.getList("paths.'/events/batch'.post.x-roles")).containsExactly("operator");
        assertThat(doc.getString("paths.'/events/batch'.post.description")).contains("Roles: operator.");
    }
}
