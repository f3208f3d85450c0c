package org.custodyledger.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.custodyledger.events.LogHeaders;
import org.custodyledger.stack.StackProcess;
import org.custodyledger.testing.LogReader;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged service as operators run it: separate processes, restarted, and two at once on
 * the same broker and database. Idempotency must hold across all of them.
 */
class IngestInstancesIT {
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> started = new java.util.ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(Process::destroy);
    }

    @Test
    void aRetryAfterARestartOrOnAnotherInstanceAppendsNothing() throws Exception {
        UUID id = UUID.randomUUID();
        String event = IngestApiTest.custodianChanged(id, "Iraq");
        int portA = StackProcess.freePort();
        Process a = startInstance(portA);
        HttpResponse<String> first = post(portA, event);
        assertThat(first.statusCode()).isEqualTo(201);

        a.destroyForcibly().waitFor();
        startInstance(portA);
        int portB = StackProcess.freePort();
        startInstance(portB);
        HttpResponse<String> afterRestart = post(portA, event);
        HttpResponse<String> onOther = post(portB, event);
        assertThat(afterRestart.statusCode()).isEqualTo(200);
        assertThat(onOther.statusCode()).isEqualTo(200);
        assertThat(afterRestart.body()).isEqualTo(first.body().replace("\"appended\"", "\"duplicate\""));
        assertThat(post(portB, IngestApiTest.custodianChanged(id, "Syria")).statusCode()).isEqualTo(409);

        // The same new event on both instances at the same moment: one appends, the other answers 200.
        UUID raced = UUID.randomUUID();
        String racedEvent = IngestApiTest.custodianChanged(raced, "Kurdistan");
        CompletableFuture<HttpResponse<String>> onA = CompletableFuture.supplyAsync(() -> post(portA, racedEvent));
        CompletableFuture<HttpResponse<String>> onB = CompletableFuture.supplyAsync(() -> post(portB, racedEvent));
        assertThat(List.of(onA.get().statusCode(), onB.get().statusCode())).containsExactlyInAnyOrder(201, 200);

        long copies = LogReader.readAll(TestInfrastructure.bootstrapServers(), IngestApiTest.TOPIC).stream()
                .map(r -> LogReader.header(r, LogHeaders.ID))
                .filter(eventId -> eventId.equals(id.toString()) || eventId.equals(raced.toString())).count();
        assertThat(copies).isEqualTo(2);
    }

    private Process startInstance(int port) throws IOException, InterruptedException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar).as("packaged service (mvn package)").exists();
        Path log = Files.createTempFile("ingest-" + port + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("INGEST_PORT", String.valueOf(port));
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", TestInfrastructure.bootstrapServers());
        builder.environment().put("LEDGER_JDBC_URL", TestInfrastructure.jdbcUrl());
        Process process = builder.start();
        started.add(process);
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            assertThat(process.isAlive()).as("instance on " + port + ", log " + log).isTrue();
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("instance on " + port + " not ready in 60 s; log " + log);
    }

    private HttpResponse<String> post(int port, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/events"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
