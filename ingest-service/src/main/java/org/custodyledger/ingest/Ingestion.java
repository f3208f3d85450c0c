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
 * appended in one go. Receipts are written only after Kafka acknowledged.
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
        // Two, so one group's PostgreSQL work overlaps the other's wait for Kafka.
        for (int i = 0; i < 2; i++) {
            Thread committer = new Thread(this::commitSingles, "ingest-group-commit-" + i);
            committer.setDaemon(true);
            committer.start();
        }
    }

    /** A single-event request waiting for its group. */
    private record Pending(Submission submission, Envelope envelope, String fingerprint, CompletableFuture<IngestOutcome.Item> result) {
    }

    /**
     * Posts of one event each, arriving together, are appended as a group: one receipt transaction
     * (locks, lookup, insert, commit) and all records in flight to Kafka at once, instead of one
     * transaction and one broker round trip each. Each request still gets its own answer: a
     * conflict or a failed append fails only that request.
     */
    private void commitSingles() {
        List<Pending> group = new ArrayList<>();
        while (true) {
            try {
                group.add(singles.take());
                singles.drainTo(group, 511);
                commitGroup(group);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                group.forEach(p -> p.result().completeExceptionally(e));
            }
            group.clear();
        }
    }

    private void commitGroup(List<Pending> group) {
        LinkedHashSet<UUID> ids = new LinkedHashSet<>();
        group.forEach(p -> ids.add(p.envelope().eventId()));
        try (ReceiptStore.Unit unit = receipts.lock(ids)) {
            Map<UUID, Receipt> existing = unit.find(ids);
            Map<UUID, Pending> first = new HashMap<>();
            List<Pending> fresh = new ArrayList<>();
            List<Envelope> envelopes = new ArrayList<>();
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
                    envelopes.add(p.envelope());
                }
            }
            List<EventLog.Attempt> attempts = envelopes.isEmpty() ? List.of() : log.appendEach(envelopes);
            List<Receipt> saved = new ArrayList<>();
            for (int i = 0; i < attempts.size(); i++) {
                if (attempts.get(i).appended() != null) {
                    saved.add(new Receipt(attempts.get(i).appended(), fresh.get(i).fingerprint(), EventTypes.CURRENT_SCHEMA_VERSION));
                } else {
                    fresh.get(i).result().completeExceptionally(attempts.get(i).failure());
                }
            }
            if (!saved.isEmpty()) {
                unit.save(saved);
            }
            for (Receipt receipt : saved) {
                first.get(receipt.event().eventId()).result().complete(new IngestOutcome.Item(receipt.event(), true));
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

    private IngestOutcome ingestSingle(Submission submission) throws LogUnavailableException, ConflictException {
        Envelope envelope = submission.record(UUID.randomUUID(), recordedAt(), config.ingest().principal());
        Pending pending = new Pending(submission, envelope, EventJson.fingerprint(submission), new CompletableFuture<>());
        singles.add(pending);
        try {
            return new IngestOutcome(List.of(pending.result().get(30, TimeUnit.SECONDS)));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConflictException conflict) {
                throw conflict;
            }
            if (e.getCause() instanceof LogUnavailableException unavailable) {
                throw unavailable;
            }
            throw new LogUnavailableException("append failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new LogUnavailableException("the append did not finish within 30 s", e);
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
            Map<UUID, Receipt> existing = unit.find(ids);
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
            List<AppendedEvent> appended = fresh.isEmpty() ? List.of() : log.append(fresh);
            List<Receipt> newReceipts = new ArrayList<>();
            for (int i = 0; i < appended.size(); i++) {
                newReceipts.add(new Receipt(appended.get(i), freshFingerprints.get(i), EventTypes.CURRENT_SCHEMA_VERSION));
                existing.put(appended.get(i).eventId(), null);
            }
            if (!newReceipts.isEmpty()) {
                unit.save(newReceipts);
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
