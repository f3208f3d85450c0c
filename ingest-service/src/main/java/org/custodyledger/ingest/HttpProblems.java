package org.custodyledger.ingest;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The HTTP layer's own refusals (no such path, method, media type) as problem+json, like every other error. */
public class HttpProblems {

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.of(Response.Status.NOT_FOUND, "not-found", "No such resource",
                "Events are posted to /events (one) and /events/batch (a batch); GET /q/openapi lists all (with a role of LEDGER_OPS_ROLES).", null)
                .response().build();
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, jakarta.ws.rs.core.UriInfo uri) {
        String allow = org.custodyledger.api.AllowedMethods.allowFor(e, uri);
        Response.ResponseBuilder problem = Problem.of(Response.Status.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed",
                "This path takes " + (allow == null ? "other methods (POST to append)" : allow) + ".", null).response();
        return (allow == null ? problem : problem.header(HttpHeaders.ALLOW, allow)).build();
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e) {
        return Problem.of(Response.Status.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable",
                "Answers are application/json (and problems application/problem+json); ask with Accept: application/json.", null)
                .response().build();
    }
}
