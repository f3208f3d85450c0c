package org.custodyledger.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.custodyledger.events.LogHeaders;
import org.custodyledger.testing.LogReader;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * A 503 means nothing was appended, and a retry of the same eventIds never appends a second record,
 * with the database or the broker frozen (SIGSTOP, as a stalled host) while requests are in flight.
 */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class TrueAnswersIT {
    @Test
    void aPostWhileTheDatabaseIsFrozenIs503WithinSecondsAndIsNotAppendedAfterTheThaw() throws Exception {
        IngestApiIT.post("/events", IngestApiIT.custodianChanged(null, "warm-up")).then().statusCode(201);
        UUID id = UUID.randomUUID();
        TestInfrastructure.postgres().pause();
        Response answer;
        long took;
        try {
            long started = System.nanoTime();
            answer = IngestApiIT.post("/events", IngestApiIT.custodianChanged(id, "Iraq"));
            took = System.nanoTime() - started;
        } finally {
            TestInfrastructure.postgres().resume();
        }
        answer.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
        assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(6));
        Thread.sleep(5_000); // time for a request left queued to be appended after all
        assertThat(recordsOf(List.of(id))).as("records of the withdrawn event").isEmpty();

        retryUntilAnswered(id).then().statusCode(201);
        assertThat(recordsOf(List.of(id))).containsEntry(id, 1L);
    }

    @Test
    void postsWhileTheBrokerIsFrozenAreAppendedOnceHoweverTheyAreRetried() throws Exception {
        IngestApiIT.post("/events", IngestApiIT.custodianChanged(null, "warm-up")).then().statusCode(201);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(UUID.randomUUID());
        }
        List<CompletableFuture<Response>> inFlight = new ArrayList<>();
        TestInfrastructure.kafka().pause();
        List<Integer> statuses = new ArrayList<>();
        try {
            for (UUID id : ids) {
                inFlight.add(CompletableFuture.supplyAsync(() -> IngestApiIT.post("/events", IngestApiIT.custodianChanged(id, "Iraq"))));
                Thread.sleep(300);
            }
            Thread.sleep(6_000); // past Kafka's delivery timeout: sends fail with an unknown outcome
        } finally {
            TestInfrastructure.kafka().resume();
        }
        for (CompletableFuture<Response> request : inFlight) {
            statuses.add(request.get().statusCode());
        }
        assertThat(statuses).allMatch(s -> s == 201 || s == 503);
        // Each client retries its request until it is answered, as the 503 tells it to.
        for (UUID id : ids) {
            assertThat(retryUntilAnswered(id).statusCode()).isIn(200, 201);
        }
        Map<UUID, Long> records = recordsOf(ids);
        assertThat(records).as("records per eventId; answers were " + statuses).hasSize(ids.size()).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
        // And a retry now is answered from its receipt.
        IngestApiIT.post("/events", IngestApiIT.custodianChanged(ids.get(0), "Iraq")).then().statusCode(200);
    }

    private static Response retryUntilAnswered(UUID id) throws InterruptedException {
        Response answer = null;
        for (int attempt = 0; attempt < 40; attempt++) {
            answer = IngestApiIT.post("/events", IngestApiIT.custodianChanged(id, "Iraq"));
            if (answer.statusCode() != 503) {
                return answer;
            }
            Thread.sleep(1_000);
        }
        return answer;
    }

    /** Committed records per eventId, as an auditor reading the topic finds them. */
    private static Map<UUID, Long> recordsOf(List<UUID> ids) {
        return LogReader.readAll(TestInfrastructure.bootstrapServers(), "custody-events").stream()
                .map(r -> LogReader.header(r, LogHeaders.ID))
                .filter(id -> id != null && ids.contains(UUID.fromString(id)))
                .map(UUID::fromString)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
