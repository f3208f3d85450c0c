package org.custodyledger.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.custodyledger.events.Envelope;
import org.jboss.logging.Logger;

/**
 * Appends envelopes in one Kafka transaction under a stable transactional id, and says what
 * happened, never "maybe": appended, or not appended (the transaction aborted). A commit that
 * fails after every record was written has an unknown outcome: the producer is replaced by one
 * with the same transactional id, which fences the old one and makes the broker finish its
 * transaction, and the records are read back (read_committed) to learn whether it committed.
 * Only when the log cannot be read either is the outcome reported as unknown, with the positions
 * to resolve it from later.
 */
final class LogAppender implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogAppender.class);

    /** Where each record of a transaction whose outcome is not known was written. */
    static final class OutcomeUnknownException extends LogUnavailableException {
        private final List<AppendedEvent> written;

        OutcomeUnknownException(String message, List<AppendedEvent> written, Throwable cause) {
            super(message, cause);
            this.written = List.copyOf(written);
        }

        List<AppendedEvent> written() {
            return written;
        }
    }

    /** Reads a committed record back: its envelope, null if the position holds none (aborted), or unavailable. */
    interface CommittedReader {
        Envelope read(int partition, long offset) throws LogUnavailableException;
    }

    private final Map<String, Object> config;
    private final String transactionalId;
    private final Function<Envelope, ProducerRecord<String, byte[]>> records;
    private final CommittedReader reader;
    private final KafkaRefusal refusal;
    private Producer<String, byte[]> producer; // guarded by this
    private final Function<Producer<String, byte[]>, AutoCloseable> observe;
    private AutoCloseable producerMetrics; // guarded by this

    /** @param observe binds a new producer's client metrics; what it returns unbinds them when the producer is dropped */
    LogAppender(Map<String, Object> producerConfig, String transactionalId, Function<Envelope, ProducerRecord<String, byte[]>> records,
                CommittedReader reader, KafkaRefusal refusal, Function<Producer<String, byte[]>, AutoCloseable> observe) {
        this.observe = observe;
        this.config = new HashMap<>(producerConfig);
        this.refusal = refusal;
        this.config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        // An open transaction holds back every read_committed reader of its partitions (the
        // projection included) until it ends. A process that dies mid-transaction and is not
        // restarted under the same id is aborted by the broker after this long; one that is
        // restarted fences it at once. Longer than a healthy commit (delivery timeout 5 s).
        this.config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
        this.transactionalId = transactionalId;
        this.records = records;
        this.reader = reader;
    }

    String transactionalId() {
        return transactionalId;
    }

    /**
     * Whether a transaction may still be committed: open until its commit is asked for, or
     * withdrawn (by a request at its deadline, or by the appender when Kafka has not taken the
     * records by then), after which it is only ever aborted. The earliest deadline of its requests.
     */
    static final class Commitment {
        private static final int OPEN = 0, COMMITTING = 1, WITHDRAWN = 2;
        private final java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger(OPEN);
        private final long deadlineNanos;

        Commitment(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }

        /** True if the commit was not asked for yet: it never will be. */
        boolean withdraw() {
            return state.compareAndSet(OPEN, WITHDRAWN) || state.get() == WITHDRAWN;
        }

        private boolean commit() {
            return state.compareAndSet(OPEN, COMMITTING);
        }
    }

    /** Told where the records landed once all are written, before the commit; if it throws, the transaction aborts. */
    interface BeforeCommit {
        void written(List<AppendedEvent> written) throws LogUnavailableException;
    }

    /** All the envelopes, or none; see the class comment for what an exception means. */
    synchronized List<AppendedEvent> append(List<Envelope> envelopes, Commitment commitment, BeforeCommit beforeCommit)
            throws LogUnavailableException {
        Producer<String, byte[]> p = producer();
        List<AppendedEvent> committing = null; // where the records landed, once the commit is asked for
        try {
            p.beginTransaction();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            List<String> hashes = new ArrayList<>();
            for (Envelope envelope : envelopes) {
                ProducerRecord<String, byte[]> record = records.apply(envelope);
                hashes.add(org.custodyledger.audit.SignedReceipt.recordSha256(record.value()));
                sent.add(p.send(record));
            }
            List<AppendedEvent> written = written(envelopes, hashes, sent, commitment);
            beforeCommit.written(written);
            if (!commitment.commit()) {
                throw new LogUnavailableException("withdrawn at its deadline before the commit; nothing appended", null);
            }
            committing = written;
            p.commitTransaction();
            return written;
        } catch (Exception e) {
            refusal.observe(e);
            if (committing == null) {
                // The commit was never asked for: aborting (or fencing) leaves nothing in the log for any reader.
                abortOrFence(p);
                throw e instanceof LogUnavailableException unavailable ? unavailable
                        : new LogUnavailableException("Kafka did not take the append: " + e, e);
            }
            return resolve(committing, e);
        }
    }

    /** Where Kafka wrote each record, if it did by the commitment's deadline (else the commitment is withdrawn). */
    private static List<AppendedEvent> written(List<Envelope> envelopes, List<String> hashes, List<Future<RecordMetadata>> sent, Commitment commitment)
            throws Exception {
        List<AppendedEvent> written = new ArrayList<>();
        for (int i = 0; i < envelopes.size(); i++) {
            RecordMetadata m;
            try {
                m = sent.get(i).get(Math.max(0, commitment.deadlineNanos - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException late) {
                commitment.withdraw();
                throw new LogUnavailableException("Kafka did not take the records by the request deadline; withdrawn", late);
            }
            Envelope e = envelopes.get(i);
            written.add(new AppendedEvent(e.eventId(), e.type(), m.partition(), m.offset(), e.recordedAt(), hashes.get(i), e.recordedBy()));
        }
        return written;
    }

    /** Every record was written and the commit did not confirm: find out from the log whether it committed. */
    private List<AppendedEvent> resolve(List<AppendedEvent> written, Exception commitFailure) throws LogUnavailableException {
        LOG.warnf("the commit of %d record(s) under %s did not confirm (%s); fencing and reading them back", written.size(),
                transactionalId, commitFailure.toString());
        fence();
        AppendedEvent first = written.get(0);
        Envelope logged;
        try {
            logged = reader.read(first.partition(), first.offset());
        } catch (LogUnavailableException e) {
            throw new OutcomeUnknownException("Kafka did not confirm the commit and the log cannot be read back yet: " + e.getMessage(),
                    written, commitFailure);
        }
        if (logged != null && logged.eventId().equals(first.eventId())) {
            LOG.infof("the unconfirmed commit under %s did commit; answering with its receipts", transactionalId);
            return written; // a transaction's records are all visible or none is
        }
        throw new LogUnavailableException("Kafka aborted the append (" + commitFailure + ")", commitFailure);
    }

    private void abortOrFence(Producer<String, byte[]> p) {
        try {
            p.abortTransaction();
        } catch (Exception abortFailed) {
            fence();
        }
    }

    /**
     * Drops the producer, whose state is unknown, and starts one with the same transactional id:
     * its initialisation fences the old one and ends the old transaction on the broker (an abort,
     * or the completion of a commit the broker already logged). If the broker cannot be reached,
     * the next append tries again; until then the broker's transaction timeout ends it.
     */
    private void fence() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
            unobserve();
        }
        try {
            producer();
        } catch (LogUnavailableException e) {
            LOG.warnf("could not fence %s yet: %s", transactionalId, e.getMessage());
        }
    }

    private Producer<String, byte[]> producer() throws LogUnavailableException {
        if (producer == null) {
            Producer<String, byte[]> p = new KafkaProducer<>(config);
            try {
                p.initTransactions();
                refusal.succeeded();
            } catch (Exception e) {
                refusal.observe(e);
                p.close(Duration.ZERO);
                throw new LogUnavailableException("Kafka did not start a transactional producer (" + transactionalId + "): " + e, e);
            }
            producer = p;
            producerMetrics = observe.apply(p);
        }
        return producer;
    }

    private void unobserve() {
        if (producerMetrics != null) {
            try {
                producerMetrics.close();
            } catch (Exception e) {
                LOG.debugf("unbinding the client metrics of %s: %s", transactionalId, e);
            }
            producerMetrics = null;
        }
    }

    /** Starts this lane's transactional producer if it has none: what readiness tries while Kafka refuses the user. */
    synchronized void start() {
        try {
            producer();
        } catch (LogUnavailableException e) {
            LOG.debugf("%s did not start: %s", transactionalId, e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
            producer = null;
            unobserve();
        }
    }
}
