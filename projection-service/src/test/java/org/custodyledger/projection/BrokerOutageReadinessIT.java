package org.custodyledger.projection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/** While the broker is gone the projection says so: not ready, naming Kafka, within seconds; ready again once it is back. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class BrokerOutageReadinessIT {
    @Test
    void theProjectionIsNotReadyWhileKafkaDoesNotAnswer() throws Exception {
        TestInfrastructure.createTopic("custody-events", 6); // the consumer attaches once the log exists
        Response ready = awaitReadiness(200, Duration.ofSeconds(60));
        assertThat(ready.statusCode()).as(ready.asString()).isEqualTo(200);
        TestInfrastructure.kafka().stop();
        try {
            long started = System.nanoTime();
            Response down = awaitReadiness(503, Duration.ofSeconds(20));
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.asString()).contains("Kafka does not answer");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        } finally {
            TestInfrastructure.kafka().start(Duration.ofSeconds(60));
        }
        assertThat(awaitReadiness(200, Duration.ofSeconds(60)).statusCode()).isEqualTo(200);
    }

    private static Response awaitReadiness(int status, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Response answer = given().get("/q/health/ready");
        while (answer.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(250);
            answer = given().get("/q/health/ready");
        }
        return answer;
    }
}
