package org.custodyledger.projection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import org.custodyledger.stack.LocalIssuer;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the projection, with no token (401), a role that is not enough (403) and the
 * role it needs (neither): reads for viewers, auditors and admins; digest and status for auditors
 * and admins; replays and gap acceptance for admins; metrics and the API document for auditors
 * and admins; health and the dashboard's page for anyone. Real RS256 tokens.
 */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
@org.junit.jupiter.api.extension.ExtendWith(org.custodyledger.testing.WithoutDefaultToken.class)
class AccessIT {
    private record Endpoint(String method, String path, List<String> allowed) {
    }

    private static final List<String> READERS = List.of("viewer", "auditor", "admin");
    private static final List<String> AUDITORS = List.of("auditor", "admin");
    private static final List<String> ADMINS = List.of("admin");

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/custody", READERS), new Endpoint("GET", "/facilities/iraq-federal-prisons", READERS),
            new Endpoint("GET", "/operations", READERS), new Endpoint("GET", "/operations/op-x", READERS),
            new Endpoint("GET", "/transfers", READERS), new Endpoint("GET", "/statements", READERS),
            new Endpoint("GET", "/reconciliation", READERS), new Endpoint("GET", "/anomalies", READERS),
            new Endpoint("GET", "/admin/status", AUDITORS), new Endpoint("GET", "/admin/digest", AUDITORS),
            new Endpoint("GET", "/admin/replay", AUDITORS), new Endpoint("GET", "/admin/audit", AUDITORS),
            new Endpoint("POST", "/admin/replay?upTo=not-an-instant", ADMINS), new Endpoint("DELETE", "/admin/replay", ADMINS),
            new Endpoint("POST", "/admin/replay/confirm", ADMINS), new Endpoint("POST", "/admin/gaps/accept", ADMINS),
            new Endpoint("GET", "/q/metrics", AUDITORS), new Endpoint("GET", "/q/openapi", AUDITORS));

    private static Response call(Endpoint e, String role) {
        var request = given().contentType("application/json");
        if (role != null) {
            request = request.header("Authorization", "Bearer "
                    + TestInfrastructure.issuer().token("sub-" + role, role + "-person", List.of(role), Duration.ofMinutes(10)));
        }
        return request.request(e.method(), e.path());
    }

    @Test
    void everyEndpointNeedsItsRole() {
        for (Endpoint e : ENDPOINTS) {
            String what = e.method() + " " + e.path();
            Response anonymous = call(e, null);
            assertThat(anonymous.statusCode()).as(what + " without a token").isEqualTo(401);
            if (!e.path().startsWith("/q/")) {
                assertThat(anonymous.contentType()).as(what).startsWith("application/problem+json");
            }
            for (String role : List.of("operator", "viewer", "auditor", "admin")) {
                int status = call(e, role).statusCode();
                if (e.allowed().contains(role)) {
                    assertThat(status).as(what + " as " + role).isNotIn(401, 403);
                } else {
                    assertThat(status).as(what + " as " + role).isEqualTo(403);
                }
            }
        }
    }

    @Test
    void anExpiredOrForeignTokenIsRefused() {
        LocalIssuer issuer = TestInfrastructure.issuer();
        List<String> viewer = List.of("viewer");
        java.time.Instant now = java.time.Instant.now();
        for (String token : List.of(
                issuer.token("s", "n", viewer, LocalIssuer.ISSUER, LocalIssuer.AUDIENCE, now.minus(Duration.ofHours(2)), Duration.ofHours(1)),
                issuer.token("s", "n", viewer, "https://other.example/issuer", LocalIssuer.AUDIENCE, now, Duration.ofMinutes(5)),
                issuer.token("s", "n", viewer, LocalIssuer.ISSUER, "another-service", now, Duration.ofMinutes(5)),
                LocalIssuer.generate().token("s", "n", viewer, Duration.ofMinutes(5)))) {
            given().header("Authorization", "Bearer " + token).get("/custody").then().statusCode(401);
        }
    }

    @Test
    void theApiDocumentDeclaresTheBearerSchemeAndTheRolesOfEveryOperation() {
        io.restassured.path.json.JsonPath doc = given().header("Authorization", "Bearer "
                + TestInfrastructure.issuer().token("sub-a", "a", List.of("auditor"), Duration.ofMinutes(5))).get("/q/openapi?format=json").jsonPath();
        assertThat(doc.getString("components.securitySchemes.bearer.type")).isEqualTo("http");
        assertThat(doc.getString("components.securitySchemes.bearer.scheme")).isEqualTo("bearer");
        java.util.Map<String, java.util.Map<String, java.util.Map<String, Object>>> paths = doc.getMap("paths");
        assertThat(paths).isNotEmpty();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            @SuppressWarnings("unchecked")
            List<java.util.Map<String, List<String>>> security = (List<java.util.Map<String, List<String>>>) operation.get("security");
            assertThat(security).as(method + " " + path + " names its scheme").hasSize(1);
            // Roles are not OAuth scopes: the scheme is listed bare, the roles in x-roles and in words.
            assertThat(security.get(0).get("bearer")).as(method + " " + path).isEmpty();
            @SuppressWarnings("unchecked")
            List<String> roles = (List<String>) operation.get("x-roles");
            assertThat(roles).as(method + " " + path).isNotEmpty().isSubsetOf("operator", "viewer", "auditor", "admin");
            assertThat((String) operation.get("description")).as(method + " " + path).contains("Roles: " + String.join(", ", roles) + ".");
        }));
        assertThat(doc.getList("paths.'/admin/replay'.post.x-roles")).containsExactly("admin");
        assertThat(doc.getList("paths.'/admin/audit'.get.x-roles")).containsExactlyInAnyOrder("auditor", "admin");
        assertThat(doc.getList("paths.'/custody'.get.x-roles")).containsExactlyInAnyOrder("viewer", "auditor", "admin");
    }

    @Test
    void healthAndTheDashboardsPageAreOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/").then().statusCode(200);
        given().get("/dashboard.js").then().statusCode(200);
        // Where to sign in, and nothing of the ledger.
        given().get("/dashboard/sign-in").then().statusCode(200)
                .body("clientId", org.hamcrest.Matchers.equalTo("ledger-dashboard"))
                .body("keySet()", org.hamcrest.Matchers.containsInAnyOrder("issuer", "clientId", "scope"));
    }
}
