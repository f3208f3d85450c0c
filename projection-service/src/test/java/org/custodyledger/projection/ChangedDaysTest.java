package org.custodyledger.projection;

import org.custodyledger.projection.derive.ChangedDays;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** The days a unit changed, as they are kept pending and read back. Pure: no Kafka, no database. */
class ChangedDaysTest {
    private static final Instant START = Instant.parse("2026-01-21T23:30:00Z");

    @Test
    void aFewDaysArePendingOneByOneAndComeBackTheSame() {
        ChangedDays unit = new ChangedDays();
        unit.add("op@north", START);                        // an id may hold '@': the day is after the last one
        unit.add("op@north", START.plus(1, ChronoUnit.HOURS)); // the next UTC day
        unit.add("op@north", START.plus(10, ChronoUnit.MINUTES));
        assertThat(unit.pendingIds()).containsExactlyInAnyOrder("op@north@2026-01-21", "op@north@2026-01-22");

        ChangedDays derived = new ChangedDays();
        unit.pendingIds().forEach(derived::addPending);
        assertThat(derived.ids()).containsExactly("op@north");
        assertThat(derived.of("op@north")).containsExactlyInAnyOrder(LocalDate.parse("2026-01-21"), LocalDate.parse("2026-01-22"));
        assertThat(derived.of("f-unchanged")).isEmpty();
    }

    @Test
    void manyDaysOrAnAllMarkerMeanEveryDayIsRebuilt() {
        ChangedDays unit = new ChangedDays();
        for (int day = 0; day <= ChangedDays.MOST_DAYS; day++) {
            unit.add("f-1", START.plus(day, ChronoUnit.DAYS));
        }
        unit.add("f-2", START);
        assertThat(unit.of("f-1")).isNull();
        // One row for all of f-1's days, not one per day (catching up, a unit touches most of them).
        assertThat(unit.pendingIds()).containsExactlyInAnyOrder("f-1@*", "f-2@2026-01-21");

        ChangedDays derived = new ChangedDays();
        derived.addPending("f-2@2026-01-21");
        derived.addPending("f-2@*"); // a later unit changed many days: all of them win
        assertThat(derived.of("f-2")).isNull();
    }
}
