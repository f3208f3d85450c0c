package org.custodyledger.projection;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.custodyledger.events.Envelope;
import org.custodyledger.ledger.LedgerFold;
import org.custodyledger.ledger.LedgerSnapshot;

/**
 * The applied events, held in memory for as-of folds. Filled from PostgreSQL at start and after
 * each committed unit of work, so it never holds what the database does not.
 */
@ApplicationScoped
public class LedgerEvents {
    private final Map<UUID, Envelope> byId = new ConcurrentHashMap<>();
    private volatile List<Envelope> all = List.of();

    public boolean contains(UUID eventId) {
        return byId.containsKey(eventId);
    }

    public synchronized void addAll(Collection<Envelope> committed) {
        List<Envelope> next = new ArrayList<>(all);
        for (Envelope e : committed) {
            if (byId.putIfAbsent(e.eventId(), e) == null) {
                next.add(e);
            }
        }
        all = List.copyOf(next);
    }

    public int size() {
        return all.size();
    }

    /** The read models at an instant: a pure fold over the applied events. */
    public LedgerSnapshot at(Instant asOf) {
        return LedgerFold.at(all, asOf);
    }

    /** As {@link #at}, including events not yet committed (to compute the views a unit of work writes). */
    public LedgerSnapshot withPending(Collection<Envelope> pending, Instant asOf) {
        List<Envelope> events = new ArrayList<>(all);
        events.addAll(pending);
        return LedgerFold.at(events, asOf);
    }
}
