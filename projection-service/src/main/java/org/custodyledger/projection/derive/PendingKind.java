package org.custodyledger.projection.derive;

import java.util.Arrays;

/** What a deferred unit left to derive, as {@code pending_derivation.kind} stores it. */
public enum PendingKind {
    /** A facility's current figures and reference anomalies (id: facilityId). */
    FACILITY("facility"),
    /** A facility's population anomalies (id: facilityId; since: from that instant, NULL: the whole history). */
    POPULATION("population"),
    /** An operation's current figures and reference anomalies (id: operationId). */
    OPERATION("operation"),
    /** Days of operation_day to rebuild (id: {@code <operationId>@<day>} or {@code @*}). */
    OPERATION_DAYS("operation_days"),
    /** Days of facility_day to rebuild (id: {@code <facilityId>@<day>} or {@code @*}). */
    FACILITY_DAYS("facility_days"),
    /** A retraction whose anomaly may change (id: its eventId). */
    RETRACTION("retraction"),
    /** The statements' views (id: empty). */
    STATEMENTS("statements");

    public final String stored;

    PendingKind(String stored) {
        this.stored = stored;
    }

    /** The kind a row names; a name this release does not know is an error, never a silent fallback. */
    public static PendingKind of(String stored) {
        return Arrays.stream(values()).filter(k -> k.stored.equals(stored)).findFirst()
                .orElseThrow(() -> new IllegalStateException("pending_derivation holds an unknown kind '" + stored + "'"));
    }
}
