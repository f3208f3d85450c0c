package org.custodyledger.ledger;

import java.util.Comparator;
import org.custodyledger.events.Envelope;

/**
 * The one order of the ledger: event time, ties by eventId. eventIds compare as their canonical
 * text, which is PostgreSQL's uuid order too, so the database and this fold break ties alike.
 */
public final class EventOrder {
    public static final Comparator<Envelope> EVENT_TIME =
            Comparator.comparing(Envelope::occurredAt).thenComparing(e -> e.eventId().toString());

    private EventOrder() {
    }
}
