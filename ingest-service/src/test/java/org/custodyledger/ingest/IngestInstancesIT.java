package org.custodyledger.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.custodyledger.events.LogHeaders;
import org.custodyledger.stack.StackProcess;
import org.custodyledger.testing.LogReader;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged service as operators run it: separate processes, restarted, and two at once on
 * the same broker and database. Idempotency must hold across all of them.
 */
class IngestInstancesIT {
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private final List<ServiceProcess> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(ServiceProcess::close);
    }

    private ServiceProcess start(int port) {
        ServiceProcess service = ServiceProcess.start(JAR, "INGEST_PORT", port, Map.of());
        started.add(service);
        return service;
    }

    private static HttpResponse<String> post(ServiceProcess service, String body) {
        return ServiceProcess.post(service.url("/events"), "application/json", body);
    }

    @Test
    void aRetryAfterARestartOrOnAnotherInstanceAppendsNothing() throws Exception {
        UUID id = UUID.randomUUID();
        String event = IngestApiIT.custodianChanged(id, "Iraq");
        int portA = StackProcess.freePort();
        ServiceProcess a = start(portA);
        HttpResponse<String> first = post(a, event);
        assertThat(first.statusCode()).isEqualTo(201);

        a.kill();
        ServiceProcess restarted = start(portA);
        ServiceProcess b = start(StackProcess.freePort());
        HttpResponse<String> afterRestart = post(restarted, event);
        HttpResponse<String> onOther = post(b, event);
        assertThat(afterRestart.statusCode()).isEqualTo(200);
        assertThat(onOther.statusCode()).isEqualTo(200);
        assertThat(afterRestart.body()).isEqualTo(first.body().replace("\"appended\"", "\"duplicate\""));
        assertThat(post(b, IngestApiIT.custodianChanged(id, "Syria")).statusCode()).isEqualTo(409);

        // The same new event on both instances at the same moment: one appends, the other answers 200.
        UUID raced = UUID.randomUUID();
        String racedEvent = IngestApiIT.custodianChanged(raced, "Kurdistan");
        CompletableFuture<HttpResponse<String>> onA = CompletableFuture.supplyAsync(() -> post(restarted, racedEvent));
        CompletableFuture<HttpResponse<String>> onB = CompletableFuture.supplyAsync(() -> post(b, racedEvent));
        assertThat(List.of(onA.get().statusCode(), onB.get().statusCode())).containsExactlyInAnyOrder(201, 200);

        long copies = LogReader.readAll(TestInfrastructure.bootstrapServers(), IngestApiIT.TOPIC).stream()
                .map(r -> LogReader.header(r, LogHeaders.ID))
                .filter(eventId -> eventId.equals(id.toString()) || eventId.equals(raced.toString())).count();
        assertThat(copies).isEqualTo(2);
    }
}
