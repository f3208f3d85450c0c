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

    /** One request in flight: its eventIds, its answer and how long the answer took. */
    private record Posted(List<UUID> ids, Response answer, Duration took) {
        String problemType() {
            return answer.statusCode() == 503 ? answer.jsonPath().getString("type") : "";
        }
    }

    @Test
    void postsWhileTheBrokerIsFrozenAreAnsweredWithin5sTrulyAndAppendedOnceHoweverTheyAreRetried() throws Exception {
        IngestApiIT.post("/events", IngestApiIT.custodianChanged(null, "warm-up")).then().statusCode(201);
        List<CompletableFuture<Posted>> inFlight = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        TestInfrastructure.kafka().pause();
        try {
            for (int i = 0; i < 12; i++) {
                // Every third request a batch of three: batches are bounded and withdrawn the same way.
                List<UUID> request = new ArrayList<>();
                for (int k = 0; k < (i % 3 == 2 ? 3 : 1); k++) {
                    request.add(UUID.randomUUID());
                }
                ids.addAll(request);
                inFlight.add(CompletableFuture.supplyAsync(() -> post(request)));
                Thread.sleep(300);
            }
            Thread.sleep(6_000); // past Kafka's delivery timeout
        } finally {
            TestInfrastructure.kafka().resume();
        }
        List<Posted> answers = new ArrayList<>();
        for (CompletableFuture<Posted> request : inFlight) {
            answers.add(request.get());
        }
        String summary = answers.stream().map(a -> a.answer().statusCode() + " in " + a.took().toMillis() + " ms").toList().toString();
        assertThat(answers).as(summary).allSatisfy(a -> assertThat(a.answer().statusCode()).isIn(200, 201, 503));
        assertThat(answers).as("answered during the freeze").anySatisfy(a -> assertThat(a.answer().statusCode()).isEqualTo(503));
        assertThat(answers).as("every 503 within 5 s: " + summary).filteredOn(a -> a.answer().statusCode() == 503)
                .allSatisfy(a -> assertThat(a.took()).isLessThan(Duration.ofMillis(5_500)));
        // Before anyone retries: nothing of a request answered "nothing appended" is in the log.
        Thread.sleep(3_000); // time for a withdrawn transaction to be committed after all, were that possible
        Map<UUID, Long> before = recordsOf(ids);
        assertThat(answers).filteredOn(a -> a.problemType().endsWith("log-unavailable"))
                .allSatisfy(a -> assertThat(before).as("appended after its 503").doesNotContainKeys(a.ids().toArray(UUID[]::new)));
        // Each client retries its request until it is answered, as the 503 tells it to.
        for (Posted posted : answers) {
            Response retried = null;
            for (int attempt = 0; attempt < 40 && (retried == null || retried.statusCode() == 503); attempt++) {
                retried = post(posted.ids()).answer();
                if (retried.statusCode() == 503) {
                    Thread.sleep(1_000);
                }
            }
            assertThat(retried.statusCode()).isIn(200, 201);
        }
        Map<UUID, Long> records = recordsOf(ids);
        assertThat(records).as("records per eventId; answers were " + summary).hasSize(ids.size())
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
        // And a retry now is answered from its receipt.
        IngestApiIT.post("/events", IngestApiIT.custodianChanged(ids.get(0), "Iraq")).then().statusCode(200);
    }

    /** One event to /events, several as a batch (a JSON array). */
    private static Posted post(List<UUID> ids) {
        long started = System.nanoTime();
        Response answer = ids.size() == 1 ? IngestApiIT.post("/events", IngestApiIT.custodianChanged(ids.get(0), "Iraq"))
                : IngestApiIT.post("/events/batch",
                        ids.stream().map(id -> IngestApiIT.custodianChanged(id, "Iraq")).collect(Collectors.joining(",", "[", "]")));
        return new Posted(ids, answer, Duration.ofNanos(System.nanoTime() - started));
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
