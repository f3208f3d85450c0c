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
                if (name.startsWith("kafka.") && name.endsWith(".connection.count")) {
                    name = name.substring(0, name.length() - ".connection.count".length()) + ".connections"; // a gauge, not a _count
                }
                String help = id.getDescription() != null && !id.getDescription().isBlank() ? id.getDescription() : HELP.get(id.getName());
                if (help == null && name.startsWith("kafka.")) {
                    help = "The Kafka client's metric " + id.getName().substring("kafka.".length()) + " (the client gives no description)";
                }
                return name.equals(id.getName()) && Objects.equals(help, id.getDescription()) ? id
                        : new Meter.Id(name, Tags.of(id.getTags()), id.getBaseUnit(), help, id.getType());
            }
        };
    }

    /** HTTP answer times as a histogram (le buckets), so latency alerts and quantiles aggregate across instances. */
    @Produces
    @Singleton
    MeterFilter httpHistograms() {
        return new MeterFilter() {
            @Override
            public io.micrometer.core.instrument.distribution.DistributionStatisticConfig configure(Meter.Id id,
                    io.micrometer.core.instrument.distribution.DistributionStatisticConfig config) {
                if (!id.getName().equals("http.server.requests")) {
                    return config;
                }
                return io.micrometer.core.instrument.distribution.DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(java.util.stream.Stream.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
                                .mapToDouble(seconds -> seconds * 1e9).toArray())
                        .build().merge(config);
            }
        };
    }

    /** Kafka clients' times in ns or ms (".time.ns.total", ".start.time.ms"): Micrometer cannot convert them; their rates and latencies in seconds stay. */
    private static final java.util.regex.Pattern KAFKA_ABBREVIATED_UNITS = java.util.regex.Pattern.compile("^kafka\\..*\\.(ns|ms)(\\.|$)");

    /**
     * process.cpu.time is in nanoseconds ("_ns_total"; process_cpu_usage says the same), and so are
     * some of the Kafka clients' times; a long task timer's sub-series have no HELP.
     */
    @Produces
    @Singleton
    MeterFilter leaveOut() {
        return MeterFilter.deny(id -> id.getName().equals("process.cpu.time") || id.getName().equals("http.server.connections")
                || KAFKA_ABBREVIATED_UNITS.matcher(id.getName()).find());
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
