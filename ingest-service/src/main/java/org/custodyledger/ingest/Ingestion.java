package org.custodyledger.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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

    Ingestion(EventLog log, ReceiptStore receipts, LedgerConfig config, Clock clock) {
        this.log = log;
        this.receipts = receipts;
        this.config = config;
        this.clock = clock;
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
        Instant recordedAt = clock.instant().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps
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
                } else if (!receipt.fingerprint().equals(fingerprints.get(i)) && !sameAsLogged(receipt, submissions.get(i))) {
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
