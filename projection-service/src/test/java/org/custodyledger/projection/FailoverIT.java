package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.ServiceProcess;
import org.junit.jupiter.api.Test;

/**
 * Two projection instances on one database and one log: one applies, the other serves reads; the
 * applier is killed (SIGKILL) under steady ingest load, the other takes over, reads never stop,
 * and the read models equal a clean rebuild, with every transfer counted once.
 */
class FailoverIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = Path.of("..");

    @Test
    void theFollowerTakesOverWithinSecondsAndNothingIsLostOrCountedTwice() throws Exception {
        try (LedgerStack stack = LedgerStack.fresh(ROOT, "failover", Map.of());
             ServiceProcess follower = stack.startProjection(Map.of())) {
            ServiceProcess applier = stack.projection();
            assertThat(role(applier)).startsWith("applies the log");
            assertThat(role(follower)).isEqualTo("follows the applier and serves reads");
            String registered = post(stack, "{\"type\":\"FacilityRegistered\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"data\":{\"facilityId\":\"from\",\"name\":\"From\",\"country\":\"SY\",\"custodian\":\"A\"}}\n"
                    + "{\"type\":\"FacilityRegistered\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"data\":{\"facilityId\":\"to\",\"name\":\"To\",\"country\":\"IQ\",\"custodian\":\"B\"}}\n"
                    + "{\"type\":\"OperationPlanned\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"data\":{\"operationId\":\"op\",\"name\":\"Op\",\"lead\":\"B\"}}\n");
            // A write's consistencyToken works on the follower too: it answers once the applier has applied it.
            JsonNode to = read(follower, "/facilities/to?consistencyToken=" + registered);
            assertThat(to.get("name").asText()).isEqualTo("To");
            // A replay switched by the applier: the follower's answers of the same position get a new ETag, not its cached one.
            String before = ServiceProcess.get(follower.url("/custody")).headers().firstValue("ETag").orElseThrow();
            assertThat(ServiceProcess.post(applier.url("/admin/replay"), "application/json", "").statusCode()).isEqualTo(202);
            awaitSwitched(applier);
            String afterReplay = before;
            for (int i = 0; i < 40 && afterReplay.equals(before); i++) {
                sleep(100);
                afterReplay = ServiceProcess.get(follower.url("/custody")).headers().firstValue("ETag").orElseThrow();
            }
            assertThat(afterReplay).as("the follower saw the switch").isNotEqualTo(before);
            // A write on the follower's admin API is the applier's to do.
            HttpResponse<String> refused = ServiceProcess.post(follower.url("/admin/replay"), "application/json", "");
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.body()).contains("not-the-applier").contains("epoch");

            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicInteger transfers = new AtomicInteger();
            AtomicReference<String> lastToken = new AtomicReference<>();
            Thread load = new Thread(() -> {
                while (loading.get()) {
                    int i = transfers.get();
                    java.time.Instant started = java.time.Instant.parse("2026-01-02T00:00:00Z").plusSeconds(i);
                    String at = started.toString();
                    String done = started.plusMillis(500).toString();
                    try {
                        lastToken.set(post(stack, "{\"type\":\"TransferInitiated\",\"occurredAt\":\"" + at + "\",\"data\":{\"transferId\":\"T-" + i
                                + "\",\"operationId\":\"op\",\"fromFacilityId\":\"from\",\"toFacilityId\":\"to\",\"count\":2}}\n"
                                + "{\"type\":\"TransferCompleted\",\"occurredAt\":\"" + done + "\",\"data\":{\"transferId\":\"T-" + i + "\"}}\n"));
                        transfers.incrementAndGet();
                        Thread.sleep(20);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            AtomicLong longestGap = new AtomicLong();
            AtomicInteger reads = new AtomicInteger();
            Thread reader = new Thread(() -> {
                long last = System.nanoTime();
                while (loading.get()) {
                    if (ServiceProcess.get(follower.url("/custody")).statusCode() == 200) {
                        long now = System.nanoTime();
                        longestGap.accumulateAndGet((now - last) / 1_000_000, Math::max);
                        last = now;
                        reads.incrementAndGet();
                    }
                    sleep(50);
                }
            });
            load.start();
            reader.start();
            sleep(3_000);
            int sentBeforeKill = transfers.get();
            long killedAt = System.nanoTime();
            applier.kill();
            // The follower takes the lease, and its position moves past what the dead one applied.
            String positionAtKill = position(follower);
            while (!role(follower).startsWith("applies the log") || position(follower).equals(positionAtKill)) {
                assertThat((System.nanoTime() - killedAt) / 1_000_000_000L).as("takeover within 30 s").isLessThan(30);
                sleep(50);
            }
            long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
            sleep(2_000);
            loading.set(false);
            load.join();
            reader.join();
            System.out.printf("failover: %d transfers posted (%d before the kill), takeover in %d ms, longest gap between reads %d ms over %d reads%n",
                    transfers.get(), sentBeforeKill, takeoverMillis, longestGap.get(), reads.get());
            assertThat(takeoverMillis).as("takeover").isLessThan(10_000);
            assertThat(longestGap.get()).as("longest gap between reads on the survivor").isLessThan(2_000);

            // Every transfer once: those posted, completed and received in full.
            JsonNode operation = read(follower, "/operations/op?consistencyToken=" + lastToken.get());
            assertThat(operation.get("transfers").asInt()).isEqualTo(transfers.get());
            assertThat(operation.get("received").asLong()).isEqualTo(2L * transfers.get());
            assertThat(read(follower, "/facilities/to").get("netChange").asLong()).isEqualTo(2L * transfers.get());
            // The read models equal a clean rebuild from the log.
            assertThat(ServiceProcess.post(follower.url("/admin/replay"), "application/json", "").statusCode()).isEqualTo(202);
            JsonNode status = awaitSwitched(follower);
            System.out.printf("failover: digest %s, clean rebuild %s%n", status.get("digestBefore").asText(), status.get("digestAfter").asText());
            assertThat(status.get("digestAfter").asText()).isEqualTo(status.get("digestBefore").asText());
        }
    }

    static JsonNode awaitSwitched(ServiceProcess projection) throws Exception {
        JsonNode status = read(projection, "/admin/replay");
        for (int i = 0; i < 600 && !"SWITCHED".equals(status.get("phase").asText()); i++) {
            assertThat(status.get("phase").asText()).isNotIn("FAILED", "REFUSED");
            sleep(200);
            status = read(projection, "/admin/replay");
        }
        assertThat(status.get("phase").asText()).isEqualTo("SWITCHED");
        return status;
    }

    static String post(LedgerStack stack, String ndjson) throws Exception {
        HttpResponse<String> posted = ServiceProcess.post(stack.ingest().url("/events/batch"), "application/x-ndjson", ndjson);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        return JSON.readTree(posted.body()).get("consistencyToken").asText();
    }

    static String role(ServiceProcess projection) throws Exception {
        HttpResponse<String> ready = ServiceProcess.get(projection.url("/q/health/ready"));
        for (JsonNode check : JSON.readTree(ready.body()).get("checks")) {
            if (check.get("name").asText().equals("projection-consumer")) {
                return check.path("data").path("role").asText();
            }
        }
        return "";
    }

    static String position(ServiceProcess projection) {
        return ServiceProcess.get(projection.url("/custody")).headers().firstValue("X-Projection-Position").orElse("");
    }

    static JsonNode read(ServiceProcess projection, String path) throws Exception {
        HttpResponse<String> response = ServiceProcess.get(projection.url(path));
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
