package org.custodyledger.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body above the HTTP layer's limit ({@code quarkus.http.limits.max-body-size}) is refused from
 * its Content-Length, before any of it is read, as a problem document like every other error of
 * both services (the HTTP layer itself would answer an empty 413). A chunked body without a length
 * that grows past the limit still gets the HTTP layer's own empty 413.
 */
@ApplicationScoped
public class HttpLimits {
    private final long maxBodyBytes;

    HttpLimits(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.maxBodyBytes = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    }

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long bytes;
            try {
                bytes = length == null ? -1 : Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                bytes = -1;
            }
            if (bytes > maxBodyBytes) {
                rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json").putHeader(HttpHeaders.CONNECTION, "close")
                        .end("{\"type\":\"urn:custody-ledger:problem:body-too-large\",\"title\":\"Body too large\",\"status\":413,"
                                + "\"detail\":\"The body is larger than this service takes at all (" + maxBodyBytes + " bytes); nothing was read or appended. "
                                + "Send large sets of events as several batches.\"}")
                        // The rest of the body is not read: close, so the client stops sending it.
                        .onComplete(done -> rc.request().connection().close());
                return;
            }
            rc.next();
        }, 200);
    }
}
