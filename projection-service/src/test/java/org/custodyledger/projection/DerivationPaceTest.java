package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import org.custodyledger.projection.consume.DerivationPace;
import org.junit.jupiter.api.Test;

class DerivationPaceTest {
    private static final long S = 1_000_000_000L;
    private static final int POLL = 2_000;

    @Test
    void liveUnitsDeriveAtOnceWhenCheapAndWithinTwoSecondsWhenNot() {
        assertThat(DerivationPace.due(10, 0, S / 100, POLL, false)).isTrue();
        assertThat(DerivationPace.due(0, 0, 5 * S, POLL, false)).as("the unit that reaches the end").isTrue();
        assertThat(DerivationPace.due(10, S, 5 * S, POLL, false)).isFalse();
        assertThat(DerivationPace.due(10, 3 * S, 5 * S, POLL, false)).isTrue();
    }

    @Test
    void catchingUpDerivesAtMostATwentiethOfTheTimeButNeverWaitsLongAfterASlowOne() {
        assertThat(DerivationPace.due(100_000, S, S / 100, POLL, false)).isFalse();
        assertThat(DerivationPace.due(100_000, 3 * S, S / 100, POLL, false)).isTrue();
        assertThat(DerivationPace.due(100_000, 18 * S, S, POLL, false)).isFalse();
        assertThat(DerivationPace.due(100_000, 20 * S, S, POLL, false)).isTrue();
        // A derivation that took 15 s (the database had stalled) would otherwise put the next off for 285 s.
        assertThat(DerivationPace.due(100_000, 29 * S, 15 * S, POLL, false)).isFalse();
        assertThat(DerivationPace.due(100_000, 31 * S, 15 * S, POLL, false)).isTrue();
    }

    @Test
    void aFreshBuildDerivesOnlyWhenItReachesTheEnd() {
        assertThat(DerivationPace.due(100_000, 31 * S, S / 100, POLL, true)).isFalse();
        assertThat(DerivationPace.due(POLL + 1, 300 * S, 0, POLL, true)).isFalse();
        assertThat(DerivationPace.due(POLL, 0, 5 * S, POLL, true)).as("within a poll of the end").isFalse();
        assertThat(DerivationPace.due(0, 0, 5 * S, POLL, true)).as("the unit that reaches the end").isTrue();
        assertThat(DerivationPace.due(100_000, 31 * S, S / 100, POLL, false)).isTrue();
    }
}
