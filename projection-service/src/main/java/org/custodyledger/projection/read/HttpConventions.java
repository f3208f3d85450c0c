package org.custodyledger.projection.read;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Conventions set on the HTTP layer, before any resource writes: a Date on every answer, the
 * dashboard's files revalidated on every load, and the change stream never cached (the metrics'
 * conventions are MetricConventions, shared with ingest).
 */
@ApplicationScoped
public class HttpConventions {
    private static final java.util.Set<String> DASHBOARD_FILES = java.util.Set.of("/", "/index.html", "/dashboard.js", "/dashboard.css", "/favicon.svg");

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String path = rc.normalizedPath();
            rc.response().headers().set("Date", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)));
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
