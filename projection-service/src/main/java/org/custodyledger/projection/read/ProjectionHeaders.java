package org.custodyledger.projection.read;

import org.custodyledger.projection.consume.ProjectionProgress;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * Every answer says how far the projection has read the log and how far behind it is. Reads get a
 * strong ETag from that position (taken before the read, so a tag never claims more than its
 * data), and a poller that sends it back with If-None-Match gets 304 without any query running.
 */
@Provider
public class ProjectionHeaders implements ContainerRequestFilter, ContainerResponseFilter {
    private static final Set<String> READS = Set.of("custody", "facilities", "operations", "transfers", "statements",
            "reconciliation", "anomalies", "flows", "breakdowns", "countries", "custodians");
    private static final String POSITION = "ledger.position";
    private static final String TAG = "ledger.etag";

    private final ProjectionProgress progress;

    public ProjectionHeaders(ProjectionProgress progress) {
        this.progress = progress;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String position = progress.position();
        request.setProperty(POSITION, position);
        String path = request.getUriInfo().getPath();
        String first = path.replaceFirst("^/", "").split("/")[0];
        if (!("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) || !READS.contains(first)) {
            return;
        }
        // The same read as CSV is another representation: another tag (and Vary: Accept below).
        EntityTag tag = new EntityTag(hash(progress.generation() + "|" + position + "|" + request.getUriInfo().getRequestUri().getRawPath()
                + "?" + request.getUriInfo().getRequestUri().getRawQuery() + "|" + request.getHeaderString(HttpHeaders.ACCEPT)));
        request.setProperty(TAG, tag);
        String ifNoneMatch = request.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && (ifNoneMatch.contains(tag.toString()) || ifNoneMatch.strip().equals("*"))) {
            request.abortWith(Response.notModified(tag).header(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .header("X-Projection-Position", position).header("X-Projection-Lag", String.valueOf(progress.lag())).build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object position = request.getProperty(POSITION);
        response.getHeaders().putSingle("X-Projection-Position", position != null ? position : progress.position());
        response.getHeaders().putSingle("X-Projection-Lag", String.valueOf(progress.lag()));
        if (request.getUriInfo().getPath().replaceFirst("^/", "").startsWith("stream")) {
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store"); // a stream is never a cached answer
        }
        Object tag = request.getProperty(TAG);
        if (tag != null && response.getStatus() == 200) {
            response.getHeaders().putSingle(HttpHeaders.ETAG, tag);
            response.getHeaders().putSingle(HttpHeaders.VARY, HttpHeaders.ACCEPT);
            // Cache, but ask every time: a 304 costs almost nothing and the answer is never stale.
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-cache");
        }
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
