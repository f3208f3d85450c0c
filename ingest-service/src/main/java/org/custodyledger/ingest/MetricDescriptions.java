package org.custodyledger.ingest;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * What promtool check metrics asks of every metric, for the meters Quarkus and Micrometer register
 * themselves: HELP text, no abbreviated units, no _count on a gauge.
 */
public class MetricDescriptions {
    private static final Map<String, String> HELP = Map.of("http.server.active.requests", "HTTP requests being served right now");
    /** Gauges of the same value under a name Prometheus's conventions allow. */
    private static final Map<String, String> RENAMED = Map.of("system.cpu.count", "system.cpus");

    @Produces
    @Singleton
    MeterFilter describe() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String name = RENAMED.getOrDefault(id.getName(), id.getName());
                String help = id.getDescription() != null ? id.getDescription() : HELP.get(id.getName());
                return name.equals(id.getName()) && java.util.Objects.equals(help, id.getDescription()) ? id
                        : new Meter.Id(name, io.micrometer.core.instrument.Tags.of(id.getTags()), id.getBaseUnit(), help, id.getType());
            }
        };
    }

    /** process.cpu.time is in nanoseconds ("_ns_total"), process_cpu_usage says the same; a long task timer's sub-series have no HELP. */
    @Produces
    @Singleton
    MeterFilter leaveOut() {
        return MeterFilter.deny(id -> id.getName().equals("process.cpu.time") || id.getName().equals("http.server.connections"));
    }
}
