package org.custodyledger.projection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.custodyledger.events.CensusRecorded;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.FacilityRegistered;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/** Pollers pay almost nothing when nothing changed (304), and subscribers hear of every change, also across a reconnect. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class PollingAndPushIT {
    @TestHTTPResource("/stream")
    URL stream;

    static Envelope event(String time, org.custodyledger.events.CustodyEvent data) {
        return new Envelope(UUID.randomUUID(), Instant.parse(time), Instant.now(), "test", 2, data);
    }

    @Test
    void anUnchangedReadIsA304AndAChangedOneIsNot() throws Exception {
        ProjectionMatchesFoldIT.produce(List.of(event("2026-01-01T00:00:00Z", new FacilityRegistered("etag-camp", "Camp", "SY", "SDF", null))));
        Thread.sleep(1_500);
        String etag = given().get("/custody").then().statusCode(200).header("Cache-Control", "no-cache").extract().header("ETag");
        assertThat(etag).startsWith("\"");
        given().header("If-None-Match", etag).get("/custody").then().statusCode(304).header("ETag", etag)
                .header("X-Projection-Position", org.hamcrest.Matchers.notNullValue());
        String other = given().get("/custody?asOf=2026-01-02T00:00:00Z").then().statusCode(200).extract().header("ETag");
        assertThat(other).isNotEqualTo(etag);
        given().header("If-None-Match", other).get("/custody?asOf=2026-01-02T00:00:00Z").then().statusCode(304);
        var token = ProjectionMatchesFoldIT.produce(List.of(event("2026-01-02T00:00:00Z", new CensusRecorded("etag-camp", 40, null))));
        given().get("/custody?consistencyToken=" + token).then().statusCode(200); // until the change is visible
        // The same read, after a change: its old ETag no longer matches.
        given().header("If-None-Match", etag).get("/custody").then().statusCode(200)
                .header("ETag", org.hamcrest.Matchers.not(etag));
        given().header("If-None-Match", other).get("/custody?asOf=2026-01-02T00:00:00Z").then().statusCode(200);
    }

    @Test
    void subscribersGetEveryChangeAndResumeWithLastEventId() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpClient client = HttpClient.newHttpClient();
        var subscription = client.sendAsync(HttpRequest.newBuilder(stream.toURI()).header("Authorization", org.custodyledger.testing.ServiceProcess.bearer()).build(), HttpResponse.BodyHandlers.ofInputStream())
                .thenAccept(response -> read(response.body(), lines));
        awaitSubscribed(lines);
        ProjectionMatchesFoldIT.produce(List.of(event("2026-01-01T00:00:00Z", new FacilityRegistered("sse-camp", "Camp", "IQ", "Iraq", null))));
        List<String> notice = nextEvent(lines);
        assertThat(notice).anyMatch(l -> l.equals("event:change")).anyMatch(l -> l.startsWith("data:") && l.contains("sse-camp"));
        String id = notice.stream().filter(l -> l.startsWith("id:")).findFirst().orElseThrow().substring(3);

        // Two more changes while "disconnected"; reconnecting with the last id replays both, in order.
        ProjectionMatchesFoldIT.produce(List.of(event("2026-01-02T00:00:00Z", new CensusRecorded("sse-camp", 10, null))));
        ProjectionMatchesFoldIT.produce(List.of(event("2026-01-03T00:00:00Z", new CensusRecorded("sse-camp", 11, null))));
        nextEvent(lines);
        nextEvent(lines);
        BlockingQueue<String> resumed = new LinkedBlockingQueue<>();
        client.sendAsync(HttpRequest.newBuilder(stream.toURI()).header("Authorization", org.custodyledger.testing.ServiceProcess.bearer()).header("Last-Event-ID", id).build(), HttpResponse.BodyHandlers.ofInputStream())
                .thenAccept(response -> read(response.body(), resumed));
        List<String> first = nextEvent(resumed);
        List<String> second = nextEvent(resumed);
        assertThat(first).anyMatch(l -> l.equals("event:change"));
        assertThat(second).anyMatch(l -> l.equals("event:change"));
        long a = Long.parseLong(first.stream().filter(l -> l.startsWith("id:")).findFirst().orElseThrow().split(":")[2]);
        long b = Long.parseLong(second.stream().filter(l -> l.startsWith("id:")).findFirst().orElseThrow().split(":")[2]);
        assertThat(a).isEqualTo(Long.parseLong(id.split(":")[1]) + 1);
        assertThat(b).isEqualTo(a + 1);

        // An id from another process (or too old): one reset notice, so the client refetches.
        BlockingQueue<String> stale = new LinkedBlockingQueue<>();
        client.sendAsync(HttpRequest.newBuilder(stream.toURI()).header("Authorization", org.custodyledger.testing.ServiceProcess.bearer()).header("Last-Event-ID", "other:5").build(), HttpResponse.BodyHandlers.ofInputStream())
                .thenAccept(response -> read(response.body(), stale));
        assertThat(nextEvent(stale)).contains("event:reset");

        // A subscriber for one facility hears nothing about another.
        BlockingQueue<String> filtered = new LinkedBlockingQueue<>();
        client.sendAsync(HttpRequest.newBuilder(URI.create(stream + "?facilityId=sse-camp")).header("Authorization", org.custodyledger.testing.ServiceProcess.bearer()).build(), HttpResponse.BodyHandlers.ofInputStream())
                .thenAccept(response -> read(response.body(), filtered));
        awaitSubscribed(filtered);
        ProjectionMatchesFoldIT.produce(List.of(event("2026-01-04T00:00:00Z", new FacilityRegistered("elsewhere", "Else", "IQ", "Iraq", null))));
        ProjectionMatchesFoldIT.produce(List.of(event("2026-01-05T00:00:00Z", new CensusRecorded("sse-camp", 12, null))));
        assertThat(nextEvent(filtered)).anyMatch(l -> l.contains("sse-camp")).noneMatch(l -> l.contains("elsewhere"));
        subscription.cancel(true);
    }

    @Test
    void theStreamIsWhatTheSseFormatDefinesAndStaysOpenWhenIdle() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stream.toURI())
                .header("Authorization", org.custodyledger.testing.ServiceProcess.bearer()).build(), HttpResponse.BodyHandlers.ofInputStream());
        read(response.body(), lines);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        List<String> opening = new ArrayList<>();
        for (String line = lines.poll(10, TimeUnit.SECONDS); line != null && !line.isEmpty(); line = lines.poll(10, TimeUnit.SECONDS)) {
            opening.add(line);
        }
        assertThat(opening).contains(":subscribed", "retry:3000");
        // Idle, it still sends a comment every ledger.stream.keep-alive (1 s here, 15 s shipped).
        long start = System.nanoTime();
        String comment = null;
        while (comment == null && System.nanoTime() - start < 10_000_000_000L) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            if (line != null && line.startsWith(":keep-alive")) {
                comment = line;
            }
        }
        assertThat(comment).as("a keep-alive comment while idle").isNotNull();
        ProjectionMatchesFoldIT.produce(List.of(event("2026-01-06T00:00:00Z", new FacilityRegistered("sse-spec", "Spec", "IQ", "Iraq", null))));
        List<String> notice = nextEvent(lines);
        // Only fields the format defines: event, id, data.
        assertThat(notice).allMatch(l -> l.startsWith("event:") || l.startsWith("id:") || l.startsWith("data:"));
        assertThat(notice.stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow()).contains("\"facilities\"");
        response.body().close();
    }

    /** The stream opens with the comment "subscribed" (and its retry: field). */
    private static void awaitSubscribed(BlockingQueue<String> lines) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("the stream's opening within 10 s").isNotNull();
            if (line.equals(":subscribed")) {
                return;
            }
            assertThat(line).startsWith("retry:");
        }
        throw new AssertionError("no :subscribed comment");
    }

    private static List<String> nextEvent(BlockingQueue<String> lines) throws InterruptedException {
        List<String> event = new ArrayList<>();
        while (true) {
            String line = lines.poll(20, TimeUnit.SECONDS);
            assertThat(line).as("an event within 20 s").isNotNull();
            if (line.isEmpty()) {
                if (!event.isEmpty() && event.stream().anyMatch(l -> l.startsWith("event:"))) {
                    return event;
                }
                event.clear();
            } else if (!line.startsWith(":")) {
                event.add(line);
            }
        }
    }

    private static void read(java.io.InputStream body, BlockingQueue<String> lines) {
        new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line.strip());
                }
            } catch (Exception ignored) {
                // stream closed
            }
        }).start();
    }

}
