package org.custodyledger.projection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/** Every admin action is kept with who asked and what came of it, refusals too, and the record cannot be changed. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
@org.junit.jupiter.api.extension.ExtendWith(org.custodyledger.testing.WithoutDefaultToken.class)
class AdminAuditIT {
    @Inject
    AgroalDataSource dataSource;

    private static String bearer(String subject, String name, String role) {
        return "Bearer " + TestInfrastructure.issuer().token(subject, name, List.of(role), Duration.ofMinutes(10));
    }

    @Test
    void adminActionsAreRecordedWithWhoAskedAndWhatCameOfIt() throws Exception {
        String admin = bearer("sub-rana", "rana", "admin");
        given().header("Authorization", admin).post("/admin/replay?upTo=2026-02-01T00:00:00Z").then().statusCode(202);
        given().header("Authorization", admin).post("/admin/replay?upTo=2026-02-01T00:00:00Z").then().statusCode(409);
        String phase = null;
        for (int i = 0; i < 300 && !"BUILT".equals(phase); i++) {
            Thread.sleep(100);
            phase = given().header("Authorization", admin).get("/admin/replay").then().extract().path("phase");
        }
        assertThat(phase).isEqualTo("BUILT");
        given().header("Authorization", admin).delete("/admin/replay").then().statusCode(200);
        // A viewer's attempt is refused before it is an action: nothing is recorded for it.
        given().header("Authorization", bearer("sub-v", "vera", "viewer")).delete("/admin/replay").then().statusCode(403);

        String auditor = bearer("sub-omar", "omar", "auditor");
        Response trail = given().header("Authorization", auditor).get("/admin/audit?limit=3");
        trail.then().statusCode(200);
        List<String> actions = trail.jsonPath().getList("actions.action");
        List<String> outcomes = trail.jsonPath().getList("actions.outcome");
        assertThat(actions).containsExactly("replay drop", "replay", "replay");
        assertThat(outcomes.get(0)).contains("dropped");
        assertThat(outcomes.get(1)).startsWith("refused: 409");
        assertThat(outcomes.get(2)).isEqualTo("started");
        assertThat(trail.jsonPath().getList("actions.actor", String.class)).allMatch(a -> a.startsWith("rana <sub-rana> via "));
        assertThat(trail.jsonPath().getString("actions[2].detail")).isEqualTo("upTo 2026-02-01T00:00:00Z");
        assertThat(trail.jsonPath().getString("actions[0].at")).isNotBlank();

        // Newest first, a page at a time, by the cursor and the Link header.
        Response first = given().header("Authorization", auditor).get("/admin/audit?limit=1");
        String cursor = first.path("nextCursor");
        assertThat(first.header("Link")).contains("rel=\"next\"").contains("after=" + cursor);
        Response second = given().header("Authorization", auditor).get("/admin/audit?limit=1&after=" + cursor);
        assertThat(second.jsonPath().getLong("actions[0].id")).isLessThan(first.jsonPath().getLong("actions[0].id"));
        given().header("Authorization", auditor).get("/admin/audit?after=garbage").then().statusCode(400)
                .contentType("application/problem+json");

        try (Connection c = Schemas.connect(dataSource, Schemas.AUDIT)) {
            assertThatThrownBy(() -> c.createStatement().executeUpdate("UPDATE admin_action SET actor = 'someone else'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> c.createStatement().executeUpdate("DELETE FROM admin_action")).hasMessageContaining("append-only");
        }
    }
}
