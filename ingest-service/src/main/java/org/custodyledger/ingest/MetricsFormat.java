package org.custodyledger.ingest;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * /q/metrics gives the Prometheus text format unless OpenMetrics is asked for, so
 * {@code curl | promtool check metrics} works (Prometheus itself asks for OpenMetrics).
 */
@ApplicationScoped
public class MetricsFormat {
    void register(@Observes Filters filters) {
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
