package org.custodyledger.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Objects;

/**
 * What promtool check metrics asks of every metric, for the meters Quarkus and Micrometer
 * register themselves (HELP text, no abbreviated units, no _count on a gauge), and /q/metrics in
 * the Prometheus text format unless OpenMetrics is asked for, so {@code curl | promtool check
 * metrics} works (Prometheus itself asks for OpenMetrics). Both services use it.
 */
@ApplicationScoped
public class MetricConventions {
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
                return name.equals(id.getName()) && Objects.equals(help, id.getDescription()) ? id
                        : new Meter.Id(name, Tags.of(id.getTags()), id.getBaseUnit(), help, id.getType());
            }
        };
    }

    /** process.cpu.time is in nanoseconds ("_ns_total"; process_cpu_usage says the same); a long task timer's sub-series have no HELP. */
    @Produces
    @Singleton
    MeterFilter leaveOut() {
        return MeterFilter.deny(id -> id.getName().equals("process.cpu.time") || id.getName().equals("http.server.connections"));
    }

    void textFormatByDefault(@Observes Filters filters) {
        filters.register(rc -> {
            if (rc.normalizedPath().equals("/q/metrics")) {
                String accept = rc.request().getHeader("Accept");
                if (accept == null || !accept.contains("application/openmetrics-text")) {
                    rc.request().headers().set("Accept", "text/plain; version=0.0.4; charset=utf-8");
                }
            }
            rc.next();
        }, 100);
    }
}
