package org.custodyledger.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Serves a bearer token OIDC verified before from {@link VerifiedTokens}: as an identity provider
 * asked before OIDC's (a token it does not know goes on to OIDC), and as the last augmentor,
 * which remembers each identity OIDC made from a token. The identity it answers with is built
 * afresh for the request (its routing context, its credential).
 */
@Singleton
public class RememberedTokens implements IdentityProvider<TokenAuthenticationRequest> {
    private final VerifiedTokens tokens = new VerifiedTokens(Clock.systemUTC());
    private final Counter remembered;
    private final Counter verified;

    RememberedTokens(MeterRegistry metrics) {
        remembered = accepted(metrics, "remembered");
        verified = accepted(metrics, "verified");
    }

    private static Counter accepted(MeterRegistry metrics, String outcome) {
        return Counter.builder("ledger.auth.tokens").tag("outcome", outcome)
                .description("Bearer tokens accepted: verified by OIDC, or remembered from an earlier verification").register(metrics);
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Asked before OIDC's provider, which has the default priority (1001). */
    @Override
    public int priority() {
        return 2_000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return tokens.find(request.getToken().getToken()).map(known -> {
            remembered.increment();
            QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder().setPrincipal(known.principal())
                    .addRoles(known.roles()).addCredential(request.getToken()).addAttributes(known.attributes());
            RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
            if (http != null) {
                identity.addAttribute(RoutingContext.class.getName(), http);
            }
            return Uni.createFrom().<SecurityIdentity>item(identity.build());
        }).orElseGet(() -> Uni.createFrom().nullItem());
    }

    private void remember(SecurityIdentity identity) {
        TokenCredential token = identity.isAnonymous() ? null : identity.getCredential(TokenCredential.class);
        if (token == null || !(identity.getPrincipal() instanceof JsonWebToken jwt) || tokens.find(token.getToken()).isPresent()) {
            return; // not a bearer token's, or served from here
        }
        verified.increment();
        // Plain values only: the routing context and other objects of the request that made it stay with that request.
        Map<String, Object> attributes = new HashMap<>();
        identity.getAttributes().forEach((k, v) -> {
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                attributes.put(k, v);
            }
        });
        tokens.keep(token.getToken(), jwt, identity.getRoles(), attributes, Instant.ofEpochSecond(jwt.getExpirationTime()));
    }

    /** Remembers what OIDC verified; runs after every other augmentor, so the roles are final. */
    @ApplicationScoped
    public static class Recorder implements SecurityIdentityAugmentor {
        private final RememberedTokens remembered;

        Recorder(RememberedTokens remembered) {
            this.remembered = remembered;
        }

        @Override
        public int priority() {
            return Integer.MIN_VALUE;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            remembered.remember(identity);
            return Uni.createFrom().item(identity);
        }
    }
}
