package org.custodyledger.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.custodyledger.events.Envelope;

/**
 * Populations over time: for each step [start, end) from {@code from} until {@code to}, the
 * population as of the step's end (the events before it), the net change within the step, and
 * the capacity used then. A facility not registered by a step's end has no population and no
 * change in it; a country's population is known only where each of its facilities' is.
 */
public final class Series {
    /** The length of a step. */
    public enum Step {
        DAY(Duration.ofDays(1)), WEEK(Duration.ofDays(7));

        public final Duration length;

        Step(Duration length) {
            this.length = length;
        }
    }

    /** One step. */
    public record Point(Instant start, Instant end, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) Long population,
                        long netChange, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) Integer capacity) {
    }

    /** One facility's share of a step: its population at the end, its net change within, its capacity. */
    public record Part(Long population, long netChange, Integer capacity) {
    }

    /** The facilities as they stand before an instant (those registered by then), by id. */
    public interface ViewsBefore<E extends Exception> {
        Map<String, FacilityView> at(Instant end) throws E;
    }

    /** At most this many steps per answer. */
    public static final int MAX_STEPS = 3660;

    private Series() {
    }

    /** The steps' starts: from, from + step, ... while before {@code to}. */
    public static List<Instant> starts(Instant from, Instant to, Step step) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        long steps = (Duration.between(from, to).toNanos() + step.length.toNanos() - 1) / step.length.toNanos();
        if (steps > MAX_STEPS) {
            throw new IllegalArgumentException(steps + " steps; at most " + MAX_STEPS);
        }
        List<Instant> starts = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(step.length)) {
            starts.add(t);
        }
        return starts;
    }

    /** Facilities (one, or a country's) summed step by step. */
    public static List<Point> of(Collection<Envelope> events, java.util.function.Predicate<FacilityView> which, Instant from, Instant to, Step step) {
        return of(events, which, from, to, step, null);
    }

    /**
     * With a nationality, only the people of its breakdown lines: the population is known where
     * each facility's latest census has a breakdown, the net change is that of those lines.
     */
    public static List<Point> of(Collection<Envelope> events, java.util.function.Predicate<FacilityView> which, Instant from, Instant to, Step step,
                                 String nationality) {
        List<Envelope> ordered = LedgerFold.effective(LedgerFold.byId(events));
        return stepped(from, to, step, end -> {
            Map<String, FacilityView> in = new java.util.TreeMap<>();
            views(ordered, end.minusNanos(1), nationality).forEach((id, f) -> {
                if (which.test(f)) {
                    in.put(id, f);
                }
            });
            return in;
        });
    }

    /** Steps from the facilities before each step's end: each facility's net change is its change since the step's start. */
    public static <E extends Exception> List<Point> stepped(Instant from, Instant to, Step step, ViewsBefore<E> viewsBefore) throws E {
        List<Point> points = new ArrayList<>();
        Map<String, FacilityView> before = viewsBefore.at(from);
        for (Instant start : starts(from, to, step)) {
            Instant end = start.plus(step.length);
            Map<String, FacilityView> after = viewsBefore.at(end);
            List<Part> parts = new ArrayList<>();
            for (FacilityView f : after.values()) {
                FacilityView earlier = before.get(f.facilityId());
                parts.add(new Part(f.population(), f.netChange() - (earlier == null ? 0 : earlier.netChange()), f.capacity()));
            }
            points.add(point(start, end, parts));
            before = after;
        }
        return points;
    }

    /** A step of several facilities: a population or capacity known only where each facility's is (and there is one). */
    public static Point point(Instant start, Instant end, List<Part> parts) {
        Long population = parts.isEmpty() || parts.stream().anyMatch(p -> p.population() == null) ? null
                : parts.stream().mapToLong(Part::population).sum();
        Integer capacity = parts.isEmpty() || parts.stream().anyMatch(p -> p.capacity() == null) ? null
                : parts.stream().mapToInt(Part::capacity).sum();
        return new Point(start, end, population, parts.stream().mapToLong(Part::netChange).sum(), capacity);
    }

    /** The facilities at an instant; with a nationality, their population and net change those of its lines. */
    private static Map<String, FacilityView> views(List<Envelope> ordered, Instant at, String nationality) {
        LedgerFold.LedgerState state = LedgerFold.LedgerState.walk(ordered, at);
        Map<String, FacilityView> views = state.facilityViews();
        if (nationality == null) {
            return views;
        }
        Map<String, Breakdowns.Breakdown> lines = state.breakdowns().facilities();
        Map<String, FacilityView> narrowed = new java.util.TreeMap<>();
        views.forEach((id, f) -> narrowed.put(id, ofNationality(f, lines.get(id), nationality)));
        return narrowed;
    }

    /** A facility's view narrowed to one nationality's lines. */
    public static FacilityView ofNationality(FacilityView f, Breakdowns.Breakdown b, String nationality) {
        List<Breakdowns.LineView> of = b.lines().stream().filter(l -> nationality.equals(l.nationality())).toList();
        return new FacilityView(f.facilityId(), f.name(), f.country(), f.custodian(), f.capacity(),
                b.known() ? of.stream().mapToLong(Breakdowns.LineView::population).sum() : null, of.stream().mapToLong(Breakdowns.LineView::netChange).sum());
    }
}
