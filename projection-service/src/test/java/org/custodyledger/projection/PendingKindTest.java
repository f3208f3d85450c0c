package org.custodyledger.projection;

import org.custodyledger.projection.derive.PendingKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PendingKindTest {
    @Test
    void everyKindReadsBackAsItselfAndAnUnknownOneIsAnError() {
        for (PendingKind kind : PendingKind.values()) {
            assertThat(PendingKind.of(kind.stored)).isEqualTo(kind);
        }
        assertThat(Arrays.stream(PendingKind.values()).map(k -> k.stored).distinct()).hasSize(PendingKind.values().length);
        assertThatThrownBy(() -> PendingKind.of("statement")).isInstanceOf(IllegalStateException.class).hasMessageContaining("'statement'");
    }
}
