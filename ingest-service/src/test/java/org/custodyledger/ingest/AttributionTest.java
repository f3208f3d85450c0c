package org.custodyledger.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.custodyledger.events.Limits;
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
}
