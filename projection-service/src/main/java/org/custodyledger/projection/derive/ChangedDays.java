package org.custodyledger.projection.derive;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The UTC days whose daily sums (operation_day, facility_day) a unit changed, per operation or
 * facility: only those rows are rebuilt. Kept in pending_derivation as {@code <id>@<day>}, or
 * {@code <id>@*} for all of an id's days, while derivation is deferred.
 */
public final class ChangedDays {
    /** Above this many days of one id, all of its rows are rebuilt in one statement. */
    public static final int MOST_DAYS = 31;

    private final Map<String, Set<LocalDate>> days = new HashMap<>();
    private final Set<String> all = new HashSet<>();

    /** Changed days per id, as a unit's {@link Touched} lists them. */
    public static ChangedDays of(Map<String, Set<LocalDate>> days) {
        ChangedDays changed = new ChangedDays();
        days.forEach((id, each) -> each.forEach(day -> changed.add(id, day)));
        return changed;
    }

    public void add(String id, Instant at) {
        add(id, LocalDate.ofInstant(at, ZoneOffset.UTC));
    }

    public void add(String id, LocalDate day) {
        days.computeIfAbsent(id, k -> new HashSet<>()).add(day);
    }

    /** A pending row's id, as {@link #pendingIds()} wrote it. */
    public void addPending(String pendingId) {
        String id = pendingId.substring(0, pendingId.lastIndexOf('@'));
        String day = pendingId.substring(pendingId.lastIndexOf('@') + 1);
        if (day.equals("*")) {
            all.add(id);
        } else {
            days.computeIfAbsent(id, k -> new HashSet<>()).add(LocalDate.parse(day));
        }
    }

    public Set<String> ids() {
        Set<String> ids = new HashSet<>(days.keySet());
        ids.addAll(all);
        return ids;
    }

    /** The days of an id to rebuild; null for all of them (asked for, or more than {@link #MOST_DAYS}); empty for none. */
    public Set<LocalDate> of(String id) {
        Set<LocalDate> changed = days.getOrDefault(id, Set.of());
        return all.contains(id) || changed.size() > MOST_DAYS ? null : changed;
    }

    /** What to keep pending: each changed day, or {@code <id>@*} when all of them will be rebuilt anyway (catching up, most are). */
    public List<String> pendingIds() {
        List<String> ids = new ArrayList<>();
        for (String id : ids()) {
            Set<LocalDate> changed = of(id);
            if (changed == null) {
                ids.add(id + "@*");
            } else {
                changed.forEach(day -> ids.add(id + "@" + day));
            }
        }
        return ids;
    }
}
