package org.custodyledger.projection.read;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Conventions set on the HTTP layer, before any resource writes: the change stream is never
 * cached, and /q/metrics gives the Prometheus text format unless OpenMetrics is asked for, so
 * {@code curl | promtool check metrics} works (Prometheus itself asks for OpenMetrics).
 */
@ApplicationScoped
public class HttpConventions {
    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String path = rc.normalizedPath();
            if (path.startsWith("/stream")) {
                rc.response().headers().set("Cache-Control", "no-store");
            } else if (path.equals("/q/metrics")) {
                String accept = rc.request().getHeader("Accept");
                if (accept == null || !accept.contains("application/openmetrics-text")) {
                    rc.request().headers().set("Accept", "text/plain; version=0.0.4; charset=utf-8");
                }
            }
            rc.next();
        }, 100);
    }
}
