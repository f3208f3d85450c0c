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
 * its Content-Length, before any of it is read, and a URI longer than {@link #MAX_URI_LENGTH} is
 * refused, each as a problem document like every other error of both services (the HTTP layer
 * itself would answer an empty 413 or 414). The HTTP codec's own request-line limit is set higher
 * ({@code quarkus.http.limits.max-initial-line-length}), so only a line past that one, or a chunked
 * body without a length that grows past the limit, still gets the codec's bare answer.
 */
@ApplicationScoped
public class HttpLimits {
    private final long maxBodyBytes;
    /** Longer than any URI the APIs make (ids, instants, a cursor, a consistency token). */
    public static final int MAX_URI_LENGTH = 8192;

    HttpLimits(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.maxBodyBytes = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    }

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            if (rc.request().uri().length() > MAX_URI_LENGTH) {
                refuse(rc, 414, "uri-too-long", "URI too long", "The URI is longer than " + MAX_URI_LENGTH
                        + " characters; nothing was read. Ask for less at once (a filter, a page).");
                return;
            }
            if (declaredLength(rc.request().getHeader(HttpHeaders.CONTENT_LENGTH)) > maxBodyBytes) {
                refuse(rc, 413, "body-too-large", "Body too large", "The body is larger than this service takes at all (" + maxBodyBytes
                        + " bytes); nothing was read or appended. Send large sets of events as several batches.");
                return;
            }
            rc.next();
        }, 200);
    }

    /** The Content-Length a request declares; -1 without one (or an unreadable one, which the HTTP layer refuses itself). */
    private static long declaredLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void refuse(io.vertx.ext.web.RoutingContext rc, int status, String slug, String title, String detail) {
        String body = "{\"type\":\"urn:custody-ledger:problem:" + slug + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json").putHeader(HttpHeaders.CONNECTION, "close")
                .end(body)
                // The rest of the request is not read: close, so the client stops sending it.
                .onComplete(done -> rc.request().connection().close());
    }
}
