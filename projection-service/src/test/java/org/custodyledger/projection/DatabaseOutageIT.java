package org.custodyledger.projection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.ledger.LogGenerator;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/** With PostgreSQL frozen (SIGSTOP, as a stalled host), reads and readiness answer 503 within seconds, never hang. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class DatabaseOutageIT {
    @Test
    void readsAndReadinessAnswer503WithinSecondsWhileTheDatabaseIsFrozen() throws Exception {
        ProjectionMatchesFoldIT.produce(LogGenerator.generate(41, 200));
        given().get("/custody").then().statusCode(200);
        List<String> slow = new ArrayList<>();
        TestInfrastructure.postgres().pause();
        try {
            int day = 1;
            for (String path : List.of("/custody?asOf=2026-02-%02dT00:00:00Z", "/operations?asOf=2026-02-%02dT00:00:00Z",
                    "/anomalies?asOf=2026-02-%02dT00:00:00Z", "/q/health/ready")) {
                String url = path.formatted(day++); // an instant not asked before: no remembered answer
                long started = System.nanoTime();
                Response answer = given().get(url);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                if (took.compareTo(Duration.ofSeconds(8)) > 0) {
                    slow.add(url + " took " + took);
                }
                assertThat(answer.statusCode()).as(url + ": " + answer.asString()).isEqualTo(503);
                if (!url.startsWith("/q/")) {
                    assertThat(answer.contentType()).startsWith("application/problem+json");
                    assertThat(answer.header("Retry-After")).isEqualTo("5");
                }
            }
        } finally {
            TestInfrastructure.postgres().resume();
        }
        assertThat(slow).isEmpty();
        Response back = null;
        for (int i = 0; i < 30; i++) {
            back = given().get("/custody?asOf=2026-03-01T00:00:00Z");
            if (back.statusCode() == 200) {
                break;
            }
            Thread.sleep(1_000);
        }
        assertThat(back.statusCode()).isEqualTo(200);
    }
}
