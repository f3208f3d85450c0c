package org.custodyledger.ingest;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 401 and 403 as problem+json that say what is missing. */
public class AccessProblems {
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e) {
        return Problem.of(Response.Status.UNAUTHORIZED, "unauthorized", "Sign-in required",
                "Send Authorization: Bearer <token>, a token of this ledger's issuer that has not expired (for the local stack: "
                        + "./ledger token --role operator --name YOU).", List.of(new Problem.Error(null, "Authorization", "missing, expired or not valid here")))
                .response().header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper(ForbiddenException.class)
    public Response forbidden(ForbiddenException e) {
        return Problem.of(Response.Status.FORBIDDEN, "forbidden", "Role missing",
                "Posting events needs the role operator; ask the ledger's administrator for it.",
                List.of(new Problem.Error(null, "Authorization", "has no role operator"))).response().build();
    }
}
