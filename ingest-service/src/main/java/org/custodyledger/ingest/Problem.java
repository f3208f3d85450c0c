package org.custodyledger.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** An RFC 9457 problem document; {@code errors} names each bad field (and batch item). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<Error> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(Integer index, String field, String message) {
    }

    public static Problem of(Response.Status status, String slug, String title, String detail, List<Error> errors) {
        return new Problem("urn:custody-ledger:problem:" + slug, title, status.getStatusCode(), detail,
                errors == null || errors.isEmpty() ? null : errors);
    }

    public Response.ResponseBuilder response() {
        return Response.status(status).type(MEDIA_TYPE).entity(this);
    }
}
