package org.custodyledger.api;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** A Date header on every answer of both services (RFC 9110 asks an origin server with a clock to send one). */
@ApplicationScoped
public class HttpDate {
    void register(@Observes Filters filters) {
        filters.register(rc -> {
            rc.response().headers().set("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
            rc.next();
        }, 100);
    }
}
