package org.custodyledger.projection.consume;

import org.custodyledger.projection.derive.Changes;
import org.custodyledger.projection.write.ProjectionStore;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A unit of work the database refuses on its data (not on a lost connection) must not stall the
 * projection: the unit is narrowed down, by halves, to the records the database refuses; those are
 * set aside with its reason (dead-lettered by the caller) and the rest is applied. What cannot be
 * narrowed down (the refusal does not follow any record of the unit) is rethrown, and the stall
 * it causes is reported by {@link LogHealth}.
 */
public final class RefusedRecords {
    /** A record of the unit, with why the database refused it. */
    record Refused(ProjectionStore.AppliedEvent event, String reason) {
    }

    /** The unit committed, and the records left out of it. */
    record Committed(Changes changes, List<Refused> refused) {
    }

    private RefusedRecords() {
    }

    /** Commits the unit; if the database refuses its data, commits it without the records it refuses. */
    public static Committed commit(ProjectionStore store, String schema, ProjectionStore.Unit unit, boolean derive) throws SQLException {
        try {
            return new Committed(store.commit(schema, unit, derive), List.of());
        } catch (SQLException refused) {
            if (!isDataError(refused) || unit.events().isEmpty()) {
                throw refused;
            }
            // Derivations left pending by earlier units are not this unit's records: no bisecting past them.
            SQLException pending = store.probe(schema, List.of(), derive);
            if (pending != null) {
                refused.addSuppressed(pending);
                throw refused;
            }
            List<Refused> found = isolate(store, schema, unit.events(), derive);
            if (found.isEmpty()) {
                throw refused;
            }
            List<ProjectionStore.AppliedEvent> kept = new ArrayList<>(unit.events());
            List<ProjectionStore.RejectedRecord> rejected = new ArrayList<>(unit.rejected());
            for (Refused r : found) {
                kept.remove(r.event());
                rejected.add(new ProjectionStore.RejectedRecord(r.event().partition(), r.event().offset(), r.reason()));
            }
            Changes changes = store.commit(schema, new ProjectionStore.Unit(kept, rejected, unit.nextOffsets(), unit.leaves()), derive);
            return new Committed(changes, found);
        }
    }

    /**
     * The records the database refuses, found by halves: about 2 k log2(n) trial transactions for k
     * refused records in a unit of n. A refusal that only a combination of records causes is not
     * narrowed down (the result is then empty for that part).
     */
    private static List<Refused> isolate(ProjectionStore store, String schema, List<ProjectionStore.AppliedEvent> events, boolean derive) {
        SQLException refused = store.probe(schema, events, derive);
        if (refused == null || !isDataError(refused)) {
            return List.of();
        }
        if (events.size() == 1) {
            return List.of(new Refused(events.get(0), reason(refused)));
        }
        int half = events.size() / 2;
        List<Refused> found = new ArrayList<>(isolate(store, schema, events.subList(0, half), derive));
        found.addAll(isolate(store, schema, events.subList(half, events.size()), derive));
        return found;
    }

    /**
     * SQLSTATE classes of refusals caused by the data itself: 22 data exception (e.g. a NUL byte),
     * 23 integrity constraint violation, 54 program limit exceeded (e.g. an index row too large).
     */
    static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
    }

    private static String reason(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
        String reason = "refused by the database (SQLSTATE " + e.getSQLState() + "): " + message;
        return reason.length() > 1000 ? reason.substring(0, 1000) + "..." : reason;
    }
}
