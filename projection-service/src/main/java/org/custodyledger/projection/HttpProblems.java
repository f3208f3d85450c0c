package org.custodyledger.projection;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The HTTP layer's own refusals (no such path, method, media type) as problem+json, like every other error. */
public class HttpProblems {

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.of(Response.Status.NOT_FOUND, "not-found", "No such resource",
                "Nothing is served at this path; GET /q/openapi lists what is (with a role of LEDGER_OPS_ROLES).").getResponse();
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, jakarta.ws.rs.core.UriInfo uri) {
        String allow = org.custodyledger.api.AllowedMethods.allowFor(e, uri);
        Response problem = Problem.of(Response.Status.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed",
                "This path takes " + (allow == null ? "other methods (OPTIONS lists them)" : allow) + ".").getResponse();
        return allow == null ? problem : Response.fromResponse(problem).header(HttpHeaders.ALLOW, allow).build();
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e) {
        return Problem.of(Response.Status.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable",
                "Answers are application/json (and problems application/problem+json); the lists also text/csv and application/x-ndjson "
                        + "(or ?format=csv|ndjson). Ask with one of those in Accept.").getResponse();
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e) {
        return Problem.of(Response.Status.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
                "Send the body as application/json.").getResponse();
    }
}
