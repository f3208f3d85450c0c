package org.custodyledger.projection.read;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.custodyledger.projection.ProjectionConfig;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Where the dashboard signs people in: the issuer whose authorization code flow (PKCE) it runs in
 * the browser, and its client id there. Open to anyone, as the page is; it names no figure.
 */
@Path("/dashboard/sign-in")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class DashboardSignIn {
    private final ProjectionConfig config;

    DashboardSignIn(ProjectionConfig config) {
        this.config = config;
    }

    @GET
    @Operation(hidden = true) // part of the page, as /dashboard.js is, not of the API
    public ObjectNode signIn() {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        config.dashboard().issuer().ifPresentOrElse(issuer -> answer.put("issuer", issuer), () -> answer.putNull("issuer"));
        answer.put("clientId", config.dashboard().clientId());
        answer.put("scope", config.dashboard().scope());
        return answer;
    }
}
