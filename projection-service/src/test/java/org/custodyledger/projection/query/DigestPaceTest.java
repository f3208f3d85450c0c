package org.custodyledger.projection.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestPaceTest {
    private long now;
    private final List<Long> rests = new ArrayList<>();

    private DigestPace pace(double restPerWork) {
        return new DigestPace(restPerWork, () -> now, nanos -> {
            rests.add(nanos);
            now += nanos;
        });
    }

    @Test
    void restsAsLongAsItWorkedOnceASliceIsWorked() {
        DigestPace pace = pace(1.0);
        now += DigestPace.SLICE_NANOS / 2;
        pace.worked();
        assertThat(rests).as("half a slice: no rest yet").isEmpty();
        now += DigestPace.SLICE_NANOS;
        pace.worked();
        assertThat(rests).containsExactly(DigestPace.SLICE_NANOS * 3 / 2);
        now += DigestPace.SLICE_NANOS / 4;
        pace.worked();
        assertThat(rests).as("the rest is not counted as work").hasSize(1);
    }

    @Test
    void flatOutNeverRests() {
        DigestPace pace = pace(0);
        now += DigestPace.SLICE_NANOS * 100;
        pace.worked();
        assertThat(rests).isEmpty();
        assertThat(DigestPace.FLAT_OUT.paced()).isFalse();
    }
}
