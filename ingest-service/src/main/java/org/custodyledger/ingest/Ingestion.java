package org.custodyledger.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    private final BlockingQueue<Pending> singles = new LinkedBlockingQueue<>();

    Ingestion(EventLog log, ReceiptStore receipts, LedgerConfig config, Clock clock) {
        this.log = log;
        this.receipts = receipts;
        this.config = config;
        this.clock = clock;
        // Two, so one group's PostgreSQL work overlaps the other's wait for Kafka; each has its own Kafka lane.
        for (int i = 0; i < EventLog.GROUP_LANES; i++) {
            int lane = i;
            Thread committer = new Thread(() -> commitSingles(lane), "ingest-group-commit-" + i);
            committer.setDaemon(true);
            committer.start();
        }
    }

    /**
     * A single-event request waiting for its group. It is taken by a group just before the group
     * goes to Kafka, or withdrawn by its request at the request's deadline: never both, so a
     * withdrawn request's event is never appended.
     */
    private record Pending(Submission submission, Envelope envelope, String fingerprint, CompletableFuture<IngestOutcome.Item> result,
                           java.util.concurrent.atomic.AtomicInteger state) {
        static final int WAITING = 0, TAKEN = 1, WITHDRAWN = 2;

        boolean take() {
            return state.compareAndSet(WAITING, TAKEN);
        }

        boolean withdraw() {
            return state.compareAndSet(WAITING, WITHDRAWN);
        }
    }

    /**
     * Posts of one event each, arriving together, are appended as a group: one receipt transaction
     * (locks, lookup, insert, commit) and one Kafka transaction for all, instead of one of each per
     * request. Each request still gets its own answer: a conflict fails only that request.
     */
    private void commitSingles(int lane) {
        List<Pending> group = new ArrayList<>();
        while (true) {
            try {
                group.add(singles.take());
                singles.drainTo(group, 511);
                group.removeIf(p -> p.state().get() == Pending.WITHDRAWN);
                if (!group.isEmpty()) {
                    commitGroup(lane, group);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                group.forEach(p -> p.result().completeExceptionally(e));
            }
            group.clear();
        }
    }

    private void commitGroup(int lane, List<Pending> group) {
        LinkedHashSet<UUID> ids = new LinkedHashSet<>();
        group.forEach(p -> ids.add(p.envelope().eventId()));
        try (ReceiptStore.Unit unit = receipts.lock(ids)) {
            Map<UUID, Receipt> existing = standing(unit, unit.find(ids));
            Map<UUID, Pending> first = new HashMap<>();
            List<Pending> fresh = new ArrayList<>();
            for (Pending p : group) {
                UUID id = p.envelope().eventId();
                Receipt receipt = existing.get(id);
                if (receipt != null) {
                    if (sameContent(receipt, p.fingerprint(), p.submission())) {
                        p.result().complete(new IngestOutcome.Item(receipt.event(), false));
                    } else {
                        p.result().completeExceptionally(ConflictException.single(id));
                    }
                } else if (first.putIfAbsent(id, p) == null) {
                    fresh.add(p);
                }
            }
            // From here on a request can no longer be withdrawn: its answer waits for the outcome.
            fresh.removeIf(p -> !p.take());
            fresh.forEach(p -> first.put(p.envelope().eventId(), p));
            first.values().removeIf(p -> p.state().get() != Pending.TAKEN);
            if (!fresh.isEmpty()) {
                List<String> fingerprints = fresh.stream().map(Pending::fingerprint).toList();
                try {
                    List<AppendedEvent> appended = append(unit, fresh.stream().map(Pending::envelope).toList(), fingerprints,
                            (envelopes, beforeCommit) -> log.appendGroup(lane, envelopes, beforeCommit));
                    for (AppendedEvent event : appended) {
                        first.get(event.eventId()).result().complete(new IngestOutcome.Item(event, true));
                    }
                } catch (LogUnavailableException e) {
                    fresh.forEach(p -> p.result().completeExceptionally(e));
                }
            }
            // The same eventId twice in one group (a client retrying quickly): the later ones are retries.
            for (Pending p : group) {
                Pending appender = first.get(p.envelope().eventId());
                if (appender != null && appender != p) {
                    appender.result().whenComplete((item, failure) -> {
                        if (failure != null) {
                            p.result().completeExceptionally(failure);
                        } else if (appender.fingerprint().equals(p.fingerprint())) {
                            p.result().complete(new IngestOutcome.Item(item.event(), false));
                        } else {
                            p.result().completeExceptionally(ConflictException.single(item.event().eventId()));
                        }
                    });
                }
            }
        } catch (LogUnavailableException e) {
            group.forEach(p -> p.result().completeExceptionally(e));
        }
    }

    private interface Appender {
        List<AppendedEvent> append(List<Envelope> envelopes, LogAppender.BeforeCommit beforeCommit) throws LogUnavailableException;
    }

    /**
     * Appends in one Kafka transaction with receipts around its commit: unconfirmed receipts are
     * kept once Kafka holds the records, confirmed once it committed, dropped if it aborted. A
     * receipt that could not be confirmed (the database failed after the commit) is still true:
     * the event is durable in the log, and the next request for it confirms the receipt.
     */
    private List<AppendedEvent> append(ReceiptStore.Unit unit, List<Envelope> envelopes, List<String> fingerprints, Appender appender)
            throws LogUnavailableException {
        List<AppendedEvent> appended;
        try {
            appended = appender.append(envelopes, written -> {
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
        try {
            unit.confirm(appended.stream().map(AppendedEvent::eventId).toList());
        } catch (LogUnavailableException later) {
            org.jboss.logging.Logger.getLogger(Ingestion.class).warnf("appended %d event(s); their receipts are confirmed later: %s",
                    appended.size(), later.getMessage());
        }
        return appended;
    }

    /**
     * The receipts that stand: confirmed ones, and unconfirmed ones whose event the log holds (they
     * are confirmed now). One whose transaction aborted is dropped, so its event is appended anew; one
     * the log cannot tell about yet makes the request unavailable, never a second append.
     */
    private Map<UUID, Receipt> standing(ReceiptStore.Unit unit, Map<UUID, Receipt> found) throws LogUnavailableException {
        List<UUID> confirmed = new ArrayList<>();
        List<UUID> absent = new ArrayList<>();
        List<AppendedEvent> unresolved = new ArrayList<>();
        for (Receipt receipt : found.values()) {
            if (!receipt.confirmed()) {
                try {
                    (log.holds(receipt.event()) ? confirmed : absent).add(receipt.event().eventId());
                } catch (LogUnavailableException e) {
                    unresolved.add(receipt.event());
                }
            }
        }
        if (!unresolved.isEmpty()) {
            throw new LogAppender.OutcomeUnknownException("an earlier append of these events is not resolved yet: Kafka cannot be read at "
                    + unresolved.get(0).partition() + "@" + unresolved.get(0).offset(), unresolved, null);
        }
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

    public IngestOutcome ingest(List<Submission> submissions) throws LogUnavailableException, ConflictException {
        if (submissions.size() == 1) {
            return ingestSingle(submissions.get(0));
        }
        return ingestAtomically(submissions);
    }

    /**
     * Waits for the request's group up to the request timeout. A request still waiting then is
     * withdrawn (nothing of it will be appended: a true 503); one already taken waits for its
     * outcome, which every step bounds (Kafka's delivery timeout, the read-back, JDBC timeouts).
     */
    private IngestOutcome ingestSingle(Submission submission) throws LogUnavailableException, ConflictException {
        Envelope envelope = submission.record(UUID.randomUUID(), recordedAt(), config.ingest().principal());
        Pending pending = new Pending(submission, envelope, EventJson.fingerprint(submission), new CompletableFuture<>(),
                new java.util.concurrent.atomic.AtomicInteger(Pending.WAITING));
        singles.add(pending);
        try {
            try {
                return new IngestOutcome(List.of(pending.result().get(config.ingest().requestTimeout().toMillis(), TimeUnit.MILLISECONDS)));
            } catch (TimeoutException e) {
                if (pending.withdraw()) {
                    throw new LogUnavailableException("the append did not start within " + config.ingest().requestTimeout().toSeconds()
                            + " s (the receipt store or Kafka is slow or down); withdrawn", e);
                }
                return new IngestOutcome(List.of(pending.result().get(30, TimeUnit.SECONDS)));
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConflictException conflict) {
                throw conflict;
            }
            if (e.getCause() instanceof LogUnavailableException unavailable) {
                throw unavailable;
            }
            throw new LogUnavailableException("append failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new LogAppender.OutcomeUnknownException("the append started and did not finish within 30 s",
                    List.of(new AppendedEvent(envelope.eventId(), envelope.type(), -1, -1, envelope.recordedAt())), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted while appending", e);
        }
    }

    /** Several events: all appended in one Kafka transaction, or none. */
    private IngestOutcome ingestAtomically(List<Submission> submissions) throws LogUnavailableException, ConflictException {
        Instant recordedAt = recordedAt();
        List<Envelope> envelopes = new ArrayList<>();
        List<String> fingerprints = new ArrayList<>();
        for (Submission submission : submissions) {
            envelopes.add(submission.record(UUID.randomUUID(), recordedAt, config.ingest().principal()));
            fingerprints.add(EventJson.fingerprint(submission));
        }
        LinkedHashSet<UUID> ids = new LinkedHashSet<>(envelopes.stream().map(Envelope::eventId).toList());
        try (ReceiptStore.Unit unit = receipts.lock(ids)) {
            Map<UUID, Receipt> existing = new HashMap<>(standing(unit, unit.find(ids)));
            List<ConflictException.Conflict> conflicts = new ArrayList<>();
            List<Envelope> fresh = new ArrayList<>();
            List<String> freshFingerprints = new ArrayList<>();
            for (int i = 0; i < envelopes.size(); i++) {
                Receipt receipt = existing.get(envelopes.get(i).eventId());
                if (receipt == null) {
                    fresh.add(envelopes.get(i));
                    freshFingerprints.add(fingerprints.get(i));
                } else if (!sameContent(receipt, fingerprints.get(i), submissions.get(i))) {
                    conflicts.add(new ConflictException.Conflict(i, envelopes.get(i).eventId()));
                }
            }
            if (!conflicts.isEmpty()) {
                throw new ConflictException(conflicts);
            }
            List<AppendedEvent> appended = fresh.isEmpty() ? List.of() : append(unit, fresh, freshFingerprints, log::append);
            for (AppendedEvent event : appended) {
                existing.put(event.eventId(), null);
            }
            List<IngestOutcome.Item> items = new ArrayList<>();
            int next = 0;
            for (Envelope envelope : envelopes) {
                Receipt before = existing.get(envelope.eventId());
                items.add(before != null ? new IngestOutcome.Item(before.event(), false)
                        : new IngestOutcome.Item(appended.get(next++), true));
            }
            return new IngestOutcome(items);
        }
    }
}
