package org.custodyledger.ingest;

/**
 * Whether Kafka refuses ingest's user (an ACL missing: on the transactional ids, or Write on the
 * topic). Every append would then be a 503 however often it is retried, so readiness says so, with
 * the fix, instead of staying UP.
 */
final class KafkaRefusal {
    private volatile String refusal; // null: none seen since the last success
    private volatile boolean succeeded;

    /** Remembers {@code failure} if Kafka refused the user; other failures (an outage) are not refusals. */
    void observe(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof org.apache.kafka.common.errors.AuthorizationException) {
                refusal = e.getClass().getSimpleName() + ": " + e.getMessage();
                return;
            }
        }
    }

    void succeeded() {
        succeeded = true;
        refusal = null;
    }

    /** The refusal seen last, or null. */
    String current() {
        return refusal;
    }

    /** Whether any transactional producer has started since this process began. */
    boolean everSucceeded() {
        return succeeded;
    }
}
