package org.custodyledger.ingest;

import io.micrometer.core.instrument.Counter;
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
        Counter.builder("ledger.events.accepted").description("Events appended to the log (durable: Kafka acknowledged them), by type")
                .tag("type", type).register(registry).increment();
    }

    void duplicate(String type) {
        Counter.builder("ledger.events.duplicates").description("Events posted again with an eventId already in the log: nothing appended, by type")
                .tag("type", type).register(registry).increment();
    }

    void rejected(String reason) {
        Counter.builder("ledger.events.rejected").description("Requests answered with an error and nothing appended, by reason")
                .tag("reason", reason).register(registry).increment();
    }
}
