package org.custodyledger.ledger;

import java.util.Comparator;
import java.util.UUID;
import org.custodyledger.events.Envelope;

/**
 * The one order of the ledger: event time, ties by eventId. eventIds compare as their canonical
 * text, which is PostgreSQL's uuid order too, so the database and this fold break ties alike.
 */
public final class EventOrder {
    /**
     * eventIds in their canonical text order (PostgreSQL's uuid order): the 128 bits compared
     * unsigned, without building two strings per comparison, which made sorting a facility's
     * history the largest part of deriving it.
     */
    public static final Comparator<UUID> EVENT_ID = (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    public static final Comparator<Envelope> EVENT_TIME =
            Comparator.comparing(Envelope::occurredAt).thenComparing(Envelope::eventId, EVENT_ID);

    private EventOrder() {
    }
}
