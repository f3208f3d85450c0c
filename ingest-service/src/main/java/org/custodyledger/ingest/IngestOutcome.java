package org.custodyledger.ingest;

import java.util.List;
import org.custodyledger.events.ConsistencyToken;

/** Per submitted event, in the order posted: where it stands in the log, and whether this request appended it. */
public record IngestOutcome(List<Item> items) {
    public record Item(AppendedEvent event, boolean appended) {
    }

    public long appendedCount() {
        return items.stream().filter(Item::appended).count();
    }

    public ConsistencyToken consistencyToken() {
        return items.stream().map(item -> item.event().consistencyToken()).reduce(ConsistencyToken::merge)
                .orElseThrow();
    }
}
