package org.custodyledger.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Counters an operator watches: events accepted by type, requests rejected by reason. */
@ApplicationScoped
public class IngestMetrics {
    private final MeterRegistry registry;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void accepted(String type) {
        registry.counter("ledger.events.accepted", "type", type).increment();
    }

    void duplicate(String type) {
        registry.counter("ledger.events.duplicates", "type", type).increment();
    }

    void rejected(String reason) {
        registry.counter("ledger.events.rejected", "reason", reason).increment();
    }
}
