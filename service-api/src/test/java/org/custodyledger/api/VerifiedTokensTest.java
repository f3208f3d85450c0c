package org.custodyledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {
    private final Instant start = Instant.parse("2026-12-03T10:00:00Z");
    private Instant now = start;
    private final VerifiedTokens tokens = new VerifiedTokens(new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });
    private final Principal alice = () -> "alice";

    @Test
    void aTokenStandsUntilItExpiresAndNoLonger() {
        tokens.keep("t1", alice, Set.of("operator"), Map.of("tenant-id", "Default"), start.plusSeconds(30));
        now = start.plusSeconds(29);
        assertThat(tokens.find("t1")).hasValueSatisfying(v -> {
            assertThat(v.principal().getName()).isEqualTo("alice");
            assertThat(v.roles()).containsExactly("operator");
            assertThat(v.attributes()).containsEntry("tenant-id", "Default");
        });
        now = start.plusSeconds(30);
        assertThat(tokens.find("t1")).isEmpty();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainAfterTheMaximumAge() {
        tokens.keep("t1", alice, Set.of(), Map.of(), start.plus(Duration.ofHours(8)));
        now = start.plus(VerifiedTokens.MAX_AGE).minusMillis(1);
        assertThat(tokens.find("t1")).isPresent();
        now = start.plus(VerifiedTokens.MAX_AGE);
        assertThat(tokens.find("t1")).isEmpty();
    }

    @Test
    void onlyTheExactTokenIsKnownAndAnExpiredOneIsNeverKept() {
        tokens.keep("header.claims.signature", alice, Set.of(), Map.of(), start.plusSeconds(30));
        tokens.keep("expired", alice, Set.of(), Map.of(), start);
        assertThat(tokens.find("header.claims.signaturf")).isEmpty();
        assertThat(tokens.find("header.claims.signature ")).isEmpty();
        assertThat(tokens.find("expired")).isEmpty();
        assertThat(tokens.size()).isEqualTo(1);
    }

    @Test
    void distinctTokensBeyondTheBoundAreNotKeptUntilOthersExpire() {
        for (int i = 0; i < VerifiedTokens.MAX_TOKENS; i++) {
            tokens.keep("t" + i, alice, Set.of(), Map.of(), start.plusSeconds(10 + i % 2 * 100));
        }
        tokens.keep("one more", alice, Set.of(), Map.of(), start.plusSeconds(50));
        assertThat(tokens.find("one more")).isEmpty();
        assertThat(tokens.size()).isEqualTo(VerifiedTokens.MAX_TOKENS);
        now = start.plusSeconds(10); // half of them expire
        tokens.keep("one more", alice, Set.of(), Map.of(), start.plusSeconds(50));
        assertThat(tokens.find("one more")).isPresent();
        assertThat(tokens.size()).isEqualTo(VerifiedTokens.MAX_TOKENS / 2 + 1);
    }
}
