package org.custodyledger.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventOrderTest {
    /** Ties in event time are broken as PostgreSQL breaks them: by the uuid's canonical text, not Java's signed compareTo. */
    @Test
    void eventIdsCompareAsTheirCanonicalText() {
        Random random = new Random(5);
        List<UUID> ids = new ArrayList<>(List.of(new UUID(-1, -1), new UUID(0, 0), new UUID(Long.MIN_VALUE, 1), new UUID(1, Long.MIN_VALUE)));
        for (int i = 0; i < 5_000; i++) {
            ids.add(new UUID(random.nextLong(), random.nextLong()));
        }
        List<UUID> byText = ids.stream().sorted(Comparator.comparing(UUID::toString)).toList();
        assertThat(ids.stream().sorted(EventOrder.EVENT_ID).toList()).isEqualTo(byText);
        assertThat(ids.stream().sorted().toList()).as("Java's own order differs, which is why EVENT_ID exists").isNotEqualTo(byText);
    }
}
