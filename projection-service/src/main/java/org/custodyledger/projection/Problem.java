package org.custodyledger.projection;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** An RFC 9457 problem document, thrown as an exception to end a read. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<Error> errors) {
    public record Error(String field, String message) {
    }

    public static WebApplicationException of(Response.Status status, String slug, String title, String detail, Error... errors) {
        Problem problem = new Problem("urn:custody-ledger:problem:" + slug, title, status.getStatusCode(), detail,
                errors.length == 0 ? null : List.of(errors));
        Response.ResponseBuilder response = Response.status(status).type("application/problem+json").entity(problem);
        if (status == Response.Status.SERVICE_UNAVAILABLE) {
            response.header("Retry-After", RETRY_AFTER_SECONDS); // the outages it reports last seconds, not minutes
        }
        return new WebApplicationException(response.build());
    }

    public static final int RETRY_AFTER_SECONDS = 5;
}
