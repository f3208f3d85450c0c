package org.custodyledger.api;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens this process has verified, each remembered until it expires, for at most
 * {@link #MAX_AGE}: a client's next request with the same token is not verified again (the RS256
 * check and the claims' parsing were a third of a read's CPU). Keyed by the whole token, so any
 * other token, an altered one included, is verified as before; what is remembered is what the
 * verification gave: the principal, the roles and the identity's plain attributes.
 */
public final class VerifiedTokens {
    /** A key rotated out, or a token revoked at the issuer, stops being accepted within this long even before its expiry. */
    static final Duration MAX_AGE = Duration.ofSeconds(60);
    /** Bounded: a flood of distinct tokens costs a verification each, as without this cache, never memory. */
    static final int MAX_TOKENS = 1_000;

    /** What the verification of a token gave, and until when it stands. */
    public record Verified(Principal principal, Set<String> roles, Map<String, Object> attributes, Instant until) {
    }

    private final Map<String, Verified> tokens = new ConcurrentHashMap<>();
    private final Clock clock;

    public VerifiedTokens(Clock clock) {
        this.clock = clock;
    }

    /** The verification of this exact token, if it still stands. */
    public Optional<Verified> find(String token) {
        Verified verified = tokens.get(token);
        if (verified == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(verified.until())) {
            tokens.remove(token, verified);
            return Optional.empty();
        }
        return Optional.of(verified);
    }

    /** Remembers a token just verified, which expires at {@code expiresAt}. */
    public void keep(String token, Principal principal, Set<String> roles, Map<String, Object> attributes, Instant expiresAt) {
        Instant now = clock.instant();
        Instant until = expiresAt.isBefore(now.plus(MAX_AGE)) ? expiresAt : now.plus(MAX_AGE);
        if (!now.isBefore(until)) {
            return;
        }
        if (tokens.size() >= MAX_TOKENS) {
            tokens.values().removeIf(v -> !now.isBefore(v.until()));
            if (tokens.size() >= MAX_TOKENS) {
                return;
            }
        }
        tokens.putIfAbsent(token, new Verified(principal, Set.copyOf(roles), Map.copyOf(attributes), until));
    }

    int size() {
        return tokens.size();
    }
}
