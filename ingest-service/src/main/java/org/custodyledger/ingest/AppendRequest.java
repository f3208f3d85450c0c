package org.custodyledger.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.Submission;

/**
 * One request's events on their way to the log, with the request's deadline. A lane takes it
 * (into a {@link LogAppender.Commitment}) or its request withdraws it at the deadline, and once
 * taken it can still be withdrawn until its transaction's commit is asked for: so a request
 * answered "nothing appended" at its deadline never has its events appended afterwards.
 */
final class AppendRequest {
    private static final int WAITING = 0, TAKEN = 1, WITHDRAWN = 2;

    final List<Submission> submissions;
    final List<Envelope> envelopes;
    final List<String> fingerprints;
    final long deadlineNanos;
    private final CompletableFuture<IngestOutcome> result = new CompletableFuture<>();
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private volatile LogAppender.Commitment commitment;

    AppendRequest(List<Submission> submissions, List<Envelope> envelopes, List<String> fingerprints, long deadlineNanos) {
        this.submissions = List.copyOf(submissions);
        this.envelopes = List.copyOf(envelopes);
        this.fingerprints = List.copyOf(fingerprints);
        this.deadlineNanos = deadlineNanos;
    }

    String fingerprintOf(java.util.UUID eventId) {
        for (int i = 0; i < envelopes.size(); i++) {
            if (envelopes.get(i).eventId().equals(eventId)) {
                return fingerprints.get(i);
            }
        }
        throw new IllegalArgumentException(eventId + " is not in this request");
    }

    boolean withdrawn() {
        return state.get() == WITHDRAWN;
    }

    /** Into a transaction; false if the request was withdrawn first. */
    boolean take(LogAppender.Commitment into) {
        commitment = into; // before the state changes, so a request that finds itself taken sees it
        return state.compareAndSet(WAITING, TAKEN);
    }

    /** At the deadline: true if its events will not be appended (still waiting, or its commit not asked for). */
    private boolean withdraw() {
        if (state.compareAndSet(WAITING, WITHDRAWN)) {
            return true;
        }
        return commitment != null && commitment.withdraw();
    }

    void complete(List<IngestOutcome.Item> items) {
        result.complete(new IngestOutcome(items));
    }

    void fail(Exception e) {
        result.completeExceptionally(e);
    }

    /**
     * The outcome, by the deadline: appended (or found appended before), a conflict, or
     * unavailable. At the deadline a request that can still be withdrawn is (a true 503); one whose
     * commit was asked for waits up to {@code grace} more for Kafka's answer and is then answered
     * as not known (a retry with the same eventIds learns it from the log).
     */
    IngestOutcome await(java.time.Duration grace) throws LogUnavailableException, ConflictException {
        try {
            try {
                return result.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (withdraw()) {
                    throw new LogUnavailableException("not appended within the request timeout (the receipt store or Kafka is slow or down); "
                            + "withdrawn before its commit", e);
                }
                return result.get(grace.toNanos(), TimeUnit.NANOSECONDS);
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
            List<AppendedEvent> unknown = new ArrayList<>();
            envelopes.forEach(v -> unknown.add(new AppendedEvent(v.eventId(), v.type(), -1, -1, v.recordedAt(), null, v.recordedBy())));
            throw new LogAppender.OutcomeUnknownException("the commit was asked for and Kafka did not confirm it in time", unknown, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted while appending", e);
        }
    }
}
