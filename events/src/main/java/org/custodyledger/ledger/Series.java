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
 * population as of the step's end (the events before it), the net change within the step split
 * into arrivals (positive ledger entries: people received, and those a cancelled transfer returns)
 * and departures (people sent), and the capacity used then. A facility not registered by a step's
 * end has no population and no change in it; a country's or custodian's population is known only
 * where each of its facilities' is. A custodian's facilities are those it holds at the step's end.
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
                        long netChange, long arrivals, long departures,
                        @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) Integer capacity) {
    }

    /** One facility's share of a step: its population at the end, its net change within (arrivals less departures), its capacity. */
    public record Part(Long population, long netChange, long arrivals, long departures, Integer capacity) {
    }

    /** A facility as it stands before an instant, with its arrivals and departures since its registration. */
    public record Standing(FacilityView view, long arrived, long departed) {
    }

    /** Arrivals and departures as they add up, entry by entry. */
    public static final class Moves {
        private long arrived;
        private long departed;

        /** A ledger entry: people in (positive) or out (negative). */
        public void add(long delta) {
            if (delta > 0) {
                arrived += delta;
            } else {
                departed -= delta;
            }
        }

        public Standing of(FacilityView view) {
            return new Standing(view, arrived, departed);
        }
    }

    /** The facilities as they stand before an instant (those registered by then), by id. */
    public interface ViewsBefore<E extends Exception> {
        Map<String, Standing> at(Instant end) throws E;
    }

    /**
     * One step of an operation: what its transfers did within the step (people sent at
     * initiation; received, lost and cancelled at completion or cancellation) and those in transit
     * at its end; all zero before the operation is planned.
     */
    public record OperationPoint(Instant start, Instant end, long initiated, long received, long lost, long cancelled, long inTransit) {
    }

    /** An operation's figures before an instant, if it is planned by then. */
    public interface OperationBefore<E extends Exception> {
        java.util.Optional<OperationView> at(Instant end) throws E;
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
        return stepped(from, to, step, which, end -> views(ordered, end.minusNanos(1), nationality));
    }

    /** An operation step by step. */
    public static List<OperationPoint> ofOperation(Collection<Envelope> events, String operationId, Instant from, Instant to, Step step) {
        List<Envelope> ordered = LedgerFold.effective(LedgerFold.byId(events));
        return operationStepped(from, to, step,
                end -> java.util.Optional.ofNullable(LedgerFold.LedgerState.walk(ordered, end.minusNanos(1)).operationViews().get(operationId)));
    }

    /** Operation steps from its figures before each step's end: the change of each since the step's start. */
    public static <E extends Exception> List<OperationPoint> operationStepped(Instant from, Instant to, Step step, OperationBefore<E> before)
            throws E {
        List<OperationPoint> points = new ArrayList<>();
        java.util.Optional<OperationView> earlier = before.at(from);
        for (Instant start : starts(from, to, step)) {
            Instant end = start.plus(step.length);
            java.util.Optional<OperationView> now = before.at(end);
            long[] a = figures(earlier);
            long[] b = figures(now);
            points.add(new OperationPoint(start, end, b[0] - a[0], b[1] - a[1], b[2] - a[2], b[3] - a[3], b[4]));
            earlier = now;
        }
        return points;
    }

    private static long[] figures(java.util.Optional<OperationView> o) {
        return o.map(v -> new long[] {v.initiated(), v.received(), v.lost(), v.cancelled(), v.inTransit()}).orElse(new long[5]);
    }

    /**
     * Steps of the facilities {@code which} selects as they stand at each step's end (a custodian's
     * change with CustodianChanged): each one's net change, arrivals and departures since the step's start.
     */
    public static <E extends Exception> List<Point> stepped(Instant from, Instant to, Step step, java.util.function.Predicate<FacilityView> which,
                                                            ViewsBefore<E> viewsBefore) throws E {
        List<Point> points = new ArrayList<>();
        Map<String, Standing> before = viewsBefore.at(from);
        for (Instant start : starts(from, to, step)) {
            Instant end = start.plus(step.length);
            Map<String, Standing> after = viewsBefore.at(end);
            List<Part> parts = new ArrayList<>();
            for (Standing s : after.values()) {
                FacilityView f = s.view();
                if (!which.test(f)) {
                    continue;
                }
                Standing earlier = before.get(f.facilityId());
                parts.add(new Part(f.population(), f.netChange() - (earlier == null ? 0 : earlier.view().netChange()),
                        s.arrived() - (earlier == null ? 0 : earlier.arrived()), s.departed() - (earlier == null ? 0 : earlier.departed()), f.capacity()));
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
        return new Point(start, end, population, parts.stream().mapToLong(Part::netChange).sum(), parts.stream().mapToLong(Part::arrivals).sum(),
                parts.stream().mapToLong(Part::departures).sum(), capacity);
    }

    /** The facilities at an instant; with a nationality, their population, net change and moves those of its lines. */
    private static Map<String, Standing> views(List<Envelope> ordered, Instant at, String nationality) {
        LedgerFold.LedgerState state = LedgerFold.LedgerState.walk(ordered, at);
        Map<String, FacilityView> views = state.facilityViews();
        Map<String, Moves> moves = state.moves(nationality);
        Map<String, Breakdowns.Breakdown> lines = nationality == null ? Map.of() : state.breakdowns().facilities();
        Map<String, Standing> standing = new java.util.TreeMap<>();
        views.forEach((id, f) -> standing.put(id, moves.get(id).of(nationality == null ? f : ofNationality(f, lines.get(id), nationality))));
        return standing;
    }

    /** A facility's view narrowed to one nationality's lines. */
    public static FacilityView ofNationality(FacilityView f, Breakdowns.Breakdown b, String nationality) {
        List<Breakdowns.LineView> of = b.lines().stream().filter(l -> nationality.equals(l.nationality())).toList();
        return new FacilityView(f.facilityId(), f.name(), f.country(), f.custodian(), f.capacity(),
                b.known() ? of.stream().mapToLong(Breakdowns.LineView::population).sum() : null, of.stream().mapToLong(Breakdowns.LineView::netChange).sum(), f.location());
    }
}
