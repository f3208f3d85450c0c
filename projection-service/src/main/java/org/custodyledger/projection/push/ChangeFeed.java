package org.custodyledger.projection.push;

import org.custodyledger.projection.derive.Changes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.custodyledger.events.EventJson;

/**
 * Pushes a small change notice to dashboards after each applied unit of work. Event ids are
 * {@code <boot>:<sequence>}; a client reconnecting with Last-Event-ID gets every notice it missed
 * from a bounded history, or one {@code reset} notice (refetch everything) when they are gone, so
 * it never misses a change silently. Each client may have a few sends in flight; a slow client
 * is dropped, so the projection never waits for a browser.
 */
@ApplicationScoped
public class ChangeFeed {
    static final int HISTORY = 1_000;
    static final int MAX_IN_FLIGHT = 64;
    /** What a browser waits before it reconnects (the stream's retry: field). */
    static final long RECONNECT_MILLIS = 3_000;
    private final String boot = UUID.randomUUID().toString().substring(0, 8);
    private final Deque<Notice> history = new ArrayDeque<>();
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private long sequence;
    private final java.util.concurrent.ScheduledExecutorService keepAlive;

    /** A comment goes to every subscriber every ledger.stream.keep-alive: proxies close idle connections, often after 30-60 s. */
    ChangeFeed(org.custodyledger.projection.ProjectionConfig config) {
        java.time.Duration keepAliveEvery = config.stream().keepAlive();
        keepAlive = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stream-keep-alive");
            t.setDaemon(true);
            return t;
        });
        long every = keepAliveEvery.toMillis();
        keepAlive.scheduleWithFixedDelay(() -> {
            for (Client client : clients) {
                send(client, client.sse().newEventBuilder().comment("keep-alive").build());
            }
        }, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        keepAlive.shutdownNow();
    }

    record Notice(long sequence, String position, Changes changes, Instant at) {
    }

    private record Client(SseEventSink sink, Sse sse, String facilityId, String operationId, AtomicInteger inFlight) {
        boolean wants(Changes changes) {
            return (facilityId == null || changes.facilities().contains(facilityId))
                    && (operationId == null || changes.operations().contains(operationId));
        }
    }

    public void publish(Changes changes, String position) {
        if (changes.isEmpty()) {
            return;
        }
        Notice notice;
        synchronized (this) {
            notice = new Notice(++sequence, position, changes, Instant.now());
            history.addLast(notice);
            if (history.size() > HISTORY) {
                history.removeFirst();
            }
        }
        for (Client client : clients) {
            if (client.wants(changes)) {
                send(client, event(client.sse(), notice));
            }
        }
    }

    public void subscribe(SseEventSink sink, Sse sse, String lastEventId, String facilityId, String operationId) {
        Client client = new Client(sink, sse, facilityId, operationId, new AtomicInteger());
        List<Notice> missed = new ArrayList<>();
        boolean reset = false;
        synchronized (this) {
            if (lastEventId != null && !lastEventId.isBlank()) {
                long last = parse(lastEventId);
                long oldest = history.isEmpty() ? sequence + 1 : history.getFirst().sequence();
                if (last < 0 || last > sequence || last + 1 < oldest) {
                    reset = true; // another process, or too long ago: the client must refetch
                } else {
                    history.stream().filter(n -> n.sequence() > last).forEach(missed::add);
                }
            }
            clients.add(client);
        }
        if (reset) {
            ObjectNode body = EventJson.mapper().createObjectNode().put("reason", "missed notices are no longer kept; refetch everything");
            send(client, sse.newEventBuilder().name("reset").id(boot + ":" + sequence).data(body.toString()).build());
        }
        missed.stream().filter(n -> client.wants(n.changes())).forEach(n -> send(client, event(sse, n)));
        send(client, sse.newEventBuilder().comment("subscribed").reconnectDelay(RECONNECT_MILLIS).build());
    }


    private void send(Client client, OutboundSseEvent event) {
        if (client.sink().isClosed()) {
            clients.remove(client);
            return;
        }
        if (client.inFlight().incrementAndGet() > MAX_IN_FLIGHT) {
            clients.remove(client);
            client.sink().close(); // too slow to keep up: it reconnects with Last-Event-ID when it can
            return;
        }
        client.sink().send(event).whenComplete((ok, failure) -> {
            client.inFlight().decrementAndGet();
            if (failure != null) {
                clients.remove(client);
            }
        });
    }

    private OutboundSseEvent event(Sse sse, Notice notice) {
        ObjectNode body = EventJson.mapper().createObjectNode();
        body.put("position", notice.position());
        body.put("at", notice.at().toString());
        body.set("facilities", EventJson.mapper().valueToTree(notice.changes().facilities()));
        body.set("operations", EventJson.mapper().valueToTree(notice.changes().operations()));
        body.put("transfers", notice.changes().transfers());
        body.put("statements", notice.changes().statements());
        // Data is JSON text; no media type on the event, so no stray field the SSE format does not define.
        return sse.newEventBuilder().name("change").id(boot + ":" + notice.sequence()).data(body.toString()).build();
    }

    private long parse(String lastEventId) {
        String[] parts = lastEventId.strip().split(":");
        if (parts.length != 2 || !parts[0].equals(boot)) {
            return -1;
        }
        try {
            return Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
