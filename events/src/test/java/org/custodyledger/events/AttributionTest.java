package org.custodyledger.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AttributionTest {
    @Test
    void namesThePersonTheirSubjectAndTheClient() {
        assertThat(Attribution.of("1f3c-77", "Amira Haddad", "ledger-cli")).isEqualTo("Amira Haddad <1f3c-77> via ledger-cli");
        assertThat(Attribution.of("svc-import", null, null)).isEqualTo("<svc-import>");
    }

    @Test
    void aNameCannotForgeAnotherSubject() {
        assertThat(Attribution.of("real", "Eve <admin> via x\n", "c")).isEqualTo("Eve _admin_ via x <real> via c");
    }

    @Test
    void aTokenWithoutSubjectRecordsNothing() {
        assertThatThrownBy(() -> Attribution.of(" ", "x", "y")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longNamesAreCutToWhatAnEnvelopeHolds() {
        assertThat(Attribution.of("s", "n".repeat(500), "c")).hasSize(Limits.NAME_LENGTH);
    }

    @Test
    void fromClaimsPrefersTheUsernameAndTheAuthorizedParty() {
        java.util.Map<String, Object> claims = java.util.Map.of("sub", "s-1", "preferred_username", "amira", "name", "Amira Haddad",
                "azp", "ledger-dashboard", "client_id", "other");
        assertThat(Attribution.of(claims::get)).isEqualTo("amira <s-1> via ledger-dashboard");
        assertThat(Attribution.of(java.util.Map.<String, Object>of("sub", "s-2", "name", "Amira Haddad", "client_id", "ledger-cli")::get))
                .isEqualTo("Amira Haddad <s-2> via ledger-cli");
    }
}
