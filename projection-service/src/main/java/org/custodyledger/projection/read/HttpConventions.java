package org.custodyledger.projection.read;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Conventions set on the HTTP layer, before any resource writes: the dashboard's files revalidated
 * on every load, and the change stream never cached (the Date on every answer is service-api's
 * HttpDate, the metrics' conventions MetricConventions, both shared with ingest).
 */
@ApplicationScoped
public class HttpConventions {
    private static final java.util.Set<String> DASHBOARD_FILES = java.util.Set.of("/", "/index.html", "/dashboard.js", "/dashboard.css", "/favicon.svg");

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String path = rc.normalizedPath();
            if (DASHBOARD_FILES.contains(path)) {
                // The dashboard's files keep their names across upgrades: revalidate them every time (If-Modified-Since).
                rc.addHeadersEndHandler(v -> rc.response().headers().set("Cache-Control", "no-cache"));
            }
            if (path.startsWith("/stream")) {
                rc.response().headers().set("Cache-Control", "no-store");
            }
            rc.next();
        }, 100);
    }
}
