package org.custodyledger.ingest;

import java.util.List;
import java.util.UUID;

/** An eventId already in the log with other content: events are immutable, so this is refused. */
public class ConflictException extends Exception {
    public record Conflict(int index, UUID eventId) {
    }

    private final List<Conflict> conflicts;

    public ConflictException(List<Conflict> conflicts) {
        super(conflicts.size() + " eventId(s) already recorded with other content");
        this.conflicts = List.copyOf(conflicts);
    }

    /** The conflict of a single-event request. */
    public static ConflictException single(UUID eventId) {
        return new ConflictException(List.of(new Conflict(0, eventId)));
    }

    public List<Conflict> conflicts() {
        return conflicts;
    }
}
