package org.custodyledger.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventJson;
import org.custodyledger.events.EventTypes;
import org.custodyledger.events.Submission;

/**
 * Appends valid submissions exactly once per eventId: what was appended before (same content)
 * is answered from its receipt; the same eventId with other content is a conflict; the rest is
 * appended in one Kafka transaction. The receipts and the log agree whatever fails: receipts are
 * written (unconfirmed) once Kafka holds the records and before the commit, confirmed after it,
 * and an unconfirmed one is checked against the log before it is used. A request is answered 503
 * only when its events are not appended, or, if Kafka can tell neither way yet, with a 503 that
 * says so (a retry with the same eventIds then learns the outcome).
 */
@ApplicationScoped
public class Ingestion {
    private final EventLog log;
    private final ReceiptStore receipts;
    private final LedgerConfig config;
    private final Clock clock;
    /** How long past its deadline a request whose commit was asked for waits for Kafka to confirm it. */
    private static final java.time.Duration COMMIT_GRACE = java.time.Duration.ofSeconds(1);

    private final BlockingQueue<AppendRequest> singles = new LinkedBlockingQueue<>();
    private final BlockingQueue<AppendRequest> batches = new LinkedBlockingQueue<>();
    private final io.micrometer.core.instrument.DistributionSummary groupSize;

    Ingestion(EventLog log, ReceiptStore receipts, LedgerConfig config, Clock clock, io.micrometer.core.instrument.MeterRegistry metrics) {
        Map.of("single", singles, "batch", batches).forEach((lane, queue) -> io.micrometer.core.instrument.Gauge
                .builder("ledger.ingest.queued.requests", queue, BlockingQueue::size).tag("lane", lane)
                .description("Requests waiting for an append lane (single events are committed in groups; batches one at a time)").register(metrics));
        this.groupSize = io.micrometer.core.instrument.DistributionSummary.builder("ledger.ingest.group.requests")
                .description("Requests committed together in one Kafka transaction (group commit of single events)").register(metrics);
        this.log = log;
        this.receipts = receipts;
        this.config = config;
        this.clock = clock;
        for (int i = 0; i < EventLog.GROUP_LANES; i++) {
            int lane = i;
            startLane("ingest-group-" + i, singles, 512, (group, commitment, beforeCommit) -> log.appendGroup(lane, group, commitment, beforeCommit));
        }
        for (int i = 0; i < EventLog.BATCH_LANES; i++) {
            int lane = i;
            startLane("ingest-batch-" + i, batches, 1, (batch, commitment, beforeCommit) -> log.appendBatch(lane, batch, commitment, beforeCommit));
        }
    }

    private interface Appender {
        List<AppendedEvent> append(List<Envelope> envelopes, LogAppender.Commitment commitment, LogAppender.BeforeCommit beforeCommit)
                throws LogUnavailableException;
    }

    /**
     * A lane appends what its queue holds, one Kafka transaction at a time: single-event requests
     * arriving together as one group (one receipt transaction and one Kafka transaction for all,
     * instead of one of each per request), a batch alone. Each request still gets its own answer.
     */
    private void startLane(String name, BlockingQueue<AppendRequest> queue, int maxRequests, Appender appender) {
        Thread lane = new Thread(() -> {
            List<AppendRequest> group = new ArrayList<>();
            while (true) {
                try {
                    group.add(queue.take());
                    queue.drainTo(group, maxRequests - 1);
                    group.removeIf(AppendRequest::withdrawn);
                    if (!group.isEmpty()) {
                        groupSize.record(group.size());
                        commit(group, appender);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    group.forEach(r -> r.fail(e));
                }
                group.clear();
            }
        }, name);
        lane.setDaemon(true);
        lane.start();
    }

    /**
     * Answers each request of a group from the receipts that stand (a retry of the same content), as
     * a conflict (other content under a recorded eventId), or appends its events with the rest of the
     * group in one transaction. The same eventId twice in one group (a client retrying quickly): the
     * later requests are retries of the first.
     */
    private void commit(List<AppendRequest> group, Appender appender) {
        LinkedHashSet<UUID> ids = new LinkedHashSet<>();
        group.forEach(r -> r.envelopes.forEach(e -> ids.add(e.eventId())));
        try (ReceiptStore.Unit unit = receipts.lock(ids)) {
            Map<UUID, Receipt> existing = standing(unit, unit.find(ids));
            Map<UUID, AppendRequest> appendedBy = new HashMap<>();
            List<AppendRequest> appending = new ArrayList<>();
            List<AppendRequest> retries = new ArrayList<>();
            for (AppendRequest request : group) {
                List<ConflictException.Conflict> conflicts = new ArrayList<>();
                boolean fresh = false;
                boolean retry = false;
                for (int i = 0; i < request.envelopes.size(); i++) {
                    UUID id = request.envelopes.get(i).eventId();
                    Receipt receipt = existing.get(id);
                    if (receipt != null) {
                        if (!sameContent(receipt, request.fingerprints.get(i), request.submissions.get(i))) {
                            conflicts.add(new ConflictException.Conflict(i, id));
                        }
                    } else if (appendedBy.containsKey(id)) {
                        retry = true;
                    } else {
                        fresh = true;
                    }
                }
                if (!conflicts.isEmpty()) {
                    request.fail(new ConflictException(conflicts));
                } else if (retry) {
                    retries.add(request); // only single-event requests share a group
                } else if (!fresh) {
                    request.complete(answer(request, existing, Map.of()));
                } else {
                    appending.add(request);
                    request.envelopes.forEach(e -> appendedBy.putIfAbsent(e.eventId(), request));
                }
            }
            Map<UUID, AppendedEvent> appended = appending.isEmpty() ? Map.of() : append(unit, appending, existing, appender);
            for (AppendRequest retry : retries) {
                UUID id = retry.envelopes.get(0).eventId();
                AppendRequest first = appendedBy.get(id);
                if (!appended.containsKey(id)) {
                    retry.fail(new LogUnavailableException("the first request with this eventId was not appended", null));
                } else if (first.fingerprintOf(id).equals(retry.fingerprints.get(0))) {
                    retry.complete(List.of(new IngestOutcome.Item(appended.get(id), false)));
                } else {
                    retry.fail(ConflictException.single(id));
                }
            }
        } catch (LogUnavailableException e) {
            group.forEach(r -> r.fail(e));
        }
    }

    /** Each of a request's events, in the order posted: appended now, or recorded before. */
    private static List<IngestOutcome.Item> answer(AppendRequest request, Map<UUID, Receipt> before, Map<UUID, AppendedEvent> appended) {
        List<IngestOutcome.Item> items = new ArrayList<>();
        for (Envelope envelope : request.envelopes) {
            AppendedEvent now = appended.get(envelope.eventId());
            items.add(now != null ? new IngestOutcome.Item(now, true) : new IngestOutcome.Item(before.get(envelope.eventId()).event(), false));
        }
        return items;
    }

    /**
     * The requests' new events in one transaction: taken (or dropped, if withdrawn meanwhile), then
     * appended; each request answered as soon as Kafka committed, before its receipts are confirmed.
     */
    private Map<UUID, AppendedEvent> append(ReceiptStore.Unit unit, List<AppendRequest> requests, Map<UUID, Receipt> existing,
                                            Appender appender) {
        long deadline = requests.stream().mapToLong(r -> r.deadlineNanos).min().orElseThrow();
        LogAppender.Commitment commitment = new LogAppender.Commitment(deadline);
        List<AppendRequest> taken = new ArrayList<>();
        for (AppendRequest request : requests) {
            if (request.take(commitment)) {
                taken.add(request);
            }
        }
        List<Envelope> envelopes = new ArrayList<>();
        List<String> fingerprints = new ArrayList<>();
        for (AppendRequest request : taken) {
            for (int i = 0; i < request.envelopes.size(); i++) {
                if (!existing.containsKey(request.envelopes.get(i).eventId())) {
                    envelopes.add(request.envelopes.get(i));
                    fingerprints.add(request.fingerprints.get(i));
                }
            }
        }
        if (envelopes.isEmpty()) {
            return Map.of();
        }
        try {
            Map<UUID, AppendedEvent> appended = new HashMap<>();
            for (AppendedEvent event : append(unit, envelopes, fingerprints, commitment, appender)) {
                appended.put(event.eventId(), event);
            }
            taken.forEach(r -> r.complete(answer(r, existing, appended)));
            confirm(unit, appended.keySet());
            return appended;
        } catch (LogUnavailableException e) {
            taken.forEach(r -> r.fail(e));
            return Map.of();
        }
    }

    /**
     * Appends in one Kafka transaction with receipts around its commit: unconfirmed receipts are
     * kept once Kafka holds the records, confirmed once it committed, dropped if it aborted. A
     * receipt that could not be confirmed (the database failed after the commit) is still true:
     * the event is durable in the log, and the next request for it confirms the receipt.
     */
    private List<AppendedEvent> append(ReceiptStore.Unit unit, List<Envelope> envelopes, List<String> fingerprints,
                                       LogAppender.Commitment commitment, Appender appender) throws LogUnavailableException {
        List<AppendedEvent> appended;
        try {
            appended = appender.append(envelopes, commitment, written -> {
                List<Receipt> pending = new ArrayList<>();
                for (int i = 0; i < written.size(); i++) {
                    pending.add(new Receipt(written.get(i), fingerprints.get(i), EventTypes.CURRENT_SCHEMA_VERSION, false));
                }
                unit.saveUnconfirmed(pending);
            });
        } catch (LogAppender.OutcomeUnknownException unknown) {
            throw unknown; // the unconfirmed receipts stay; a retry resolves them against the log
        } catch (LogUnavailableException notAppended) {
            try {
                unit.forget(envelopes.stream().map(Envelope::eventId).toList());
            } catch (LogUnavailableException stays) {
                // Unconfirmed receipts of an aborted transaction: the next request for them finds them absent from the log.
            }
            throw notAppended;
        }
        return appended;
    }

    private static void confirm(ReceiptStore.Unit unit, java.util.Collection<UUID> appended) {
        try {
            unit.confirm(List.copyOf(appended));
        } catch (LogUnavailableException later) {
            org.jboss.logging.Logger.getLogger(Ingestion.class).warnf("appended %d event(s); their receipts are confirmed later: %s",
                    appended.size(), later.getMessage());
        }
    }

    /**
     * The receipts that stand: confirmed ones, and unconfirmed ones whose event the log holds (they
     * are confirmed now). One whose transaction aborted is dropped, so its event is appended anew; one
     * the log cannot tell about yet makes the request unavailable, never a second append.
     */
    private Map<UUID, Receipt> standing(ReceiptStore.Unit unit, Map<UUID, Receipt> found) throws LogUnavailableException {
        List<AppendedEvent> unconfirmed = found.values().stream().filter(r -> !r.confirmed()).map(Receipt::event).toList();
        if (unconfirmed.isEmpty()) {
            return found;
        }
        Map<UUID, Boolean> held;
        try {
            held = log.holds(unconfirmed);
        } catch (LogUnavailableException e) {
            throw new LogAppender.OutcomeUnknownException("an earlier append of these events is not resolved yet: Kafka cannot be read at "
                    + unconfirmed.get(0).partition() + "@" + unconfirmed.get(0).offset(), unconfirmed, e);
        }
        List<UUID> confirmed = held.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
        List<UUID> absent = held.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
        if (!confirmed.isEmpty()) {
            unit.confirm(confirmed);
        }
        if (!absent.isEmpty()) {
            unit.forget(absent);
        }
        Map<UUID, Receipt> standing = new HashMap<>(found);
        absent.forEach(standing::remove);
        return standing;
    }

    /** What PostgreSQL keeps of a timestamp, so the receipt and the logged envelope agree. */
    private Instant recordedAt() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Whether a submission is a retry of the event a receipt stands for (not other content under its eventId). */
    private boolean sameContent(Receipt receipt, String fingerprint, Submission submission) throws LogUnavailableException {
        return receipt.fingerprint().equals(fingerprint) || sameAsLogged(receipt, submission);
    }

    /**
     * A receipt from before a schema change has a fingerprint of the old form: compare with the
     * event as the log holds it, read the way this release reads it.
     */
    private boolean sameAsLogged(Receipt receipt, Submission submission) throws LogUnavailableException {
        if (receipt.schemaVersion() >= EventTypes.CURRENT_SCHEMA_VERSION) {
            return false;
        }
        Envelope logged = log.read(receipt.event().partition(), receipt.event().offset());
        return logged != null && EventJson.fingerprint(new Submission(logged.eventId(), logged.occurredAt(), logged.data()))
                .equals(EventJson.fingerprint(submission));
    }

    /**
     * Appends the submissions (one, or a batch: all or none), recorded by the authenticated
     * {@code recordedBy}, and answers by the request timeout:
     * appended, found appended before, a conflict, or unavailable with nothing appended. Only a
     * request whose commit was asked for and not confirmed within a second more is answered as not
     * known (see {@link AppendRequest#await}).
     */
    public IngestOutcome ingest(List<Submission> submissions, String recordedBy) throws LogUnavailableException, ConflictException {
        Instant recordedAt = recordedAt();
        List<Envelope> envelopes = new ArrayList<>();
        List<String> fingerprints = new ArrayList<>();
        for (Submission submission : submissions) {
            envelopes.add(submission.record(UUID.randomUUID(), recordedAt, recordedBy));
            fingerprints.add(EventJson.fingerprint(submission));
        }
        AppendRequest request = new AppendRequest(submissions, envelopes, fingerprints,
                System.nanoTime() + config.ingest().requestTimeout().toNanos());
        (submissions.size() == 1 ? singles : batches).add(request);
        return request.await(COMMIT_GRACE);
    }
}
