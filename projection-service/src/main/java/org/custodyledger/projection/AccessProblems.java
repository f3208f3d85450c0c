package org.custodyledger.projection;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 401 and 403 as problem+json that say what is missing. */
public class AccessProblems {
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e) {
        Response problem = Problem.of(Response.Status.UNAUTHORIZED, "unauthorized", "Sign-in required",
                "Send Authorization: Bearer <token>, a token of this ledger's issuer that has not expired (for the local stack: "
                        + "./ledger token --role viewer --name YOU).", new Problem.Error("Authorization", "missing, expired or not valid here"))
                .getResponse();
        return Response.fromResponse(problem).header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper(ForbiddenException.class)
    public Response forbidden(ForbiddenException e) {
        return Problem.of(Response.Status.FORBIDDEN, "forbidden", "Role missing",
                "Reads need the role viewer, auditor or admin; the digest and status auditor or admin; replays and gap acceptance admin. "
                        + "Ask the ledger's administrator for the role.", new Problem.Error("Authorization", "lacks the role this needs"))
                .getResponse();
    }
}
