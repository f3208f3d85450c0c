package org.custodyledger.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.UUID;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/** With the broker down, writes fail fast with 503 and Retry-After; once it is back they succeed again. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class BrokerOutageIT {
    @Test
    void anUnreachableBrokerGives503ThenRecovers() {
        UUID single = UUID.randomUUID();
        String batch = "[" + IngestApiIT.custodianChanged(UUID.randomUUID(), "A") + ","
                + IngestApiIT.custodianChanged(UUID.randomUUID(), "B") + "]";
        IngestApiIT.post("/events", IngestApiIT.custodianChanged(null, "warm-up")).then().statusCode(201);
        long before = IngestApiIT.logSize();
        TestInfrastructure.kafka().stop();
        try {
            long started = System.nanoTime();
            Response down = IngestApiIT.post("/events", IngestApiIT.custodianChanged(single, "Iraq"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
            down.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
            IngestApiIT.post("/events/batch", batch).then().statusCode(503).header("Retry-After", "5");
            given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        } finally {
            TestInfrastructure.kafka().start(Duration.ofSeconds(60));
        }
        // The client retries the same requests, as the 503 told it to.
        Response up = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            up = IngestApiIT.post("/events", IngestApiIT.custodianChanged(single, "Iraq"));
            if (up.statusCode() != 503) {
                break;
            }
            sleep();
        }
        up.then().statusCode(201);
        Response batchUp = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            batchUp = IngestApiIT.post("/events/batch", batch);
            if (batchUp.statusCode() != 503) {
                break;
            }
            sleep();
        }
        batchUp.then().statusCode(201).body("appended", equalTo(2));
        given().get("/q/health/ready").then().statusCode(200);
        assertThat(IngestApiIT.logSize()).isGreaterThanOrEqualTo(before + 3);
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
