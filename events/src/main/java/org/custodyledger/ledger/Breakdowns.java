package org.custodyledger.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.custodyledger.events.Cohort;

/**
 * Who is where by cohort and nationality (SPEC "Breakdowns, flows and cohort claims"). A line is
 * a cohort with a nationality or none; people an event does not break down are under the line
 * {@code unspecified}, never guessed. A census with a breakdown sets a facility's baseline per
 * line (lines it does not list are 0); one without sets every line to unknown.
 */
public final class Breakdowns {
    public static final String UNSPECIFIED = "unspecified";

    /** A breakdown line's key; nationality null when none is stated. */
    public record Line(String cohort, String nationality) {
        public static final Line UNSPECIFIED_LINE = new Line(UNSPECIFIED, null);
        public static final Comparator<Line> ORDER = Comparator.comparing(Line::cohort)
                .thenComparing(Line::nationality, Comparator.nullsFirst(Comparator.naturalOrder()));

        public boolean unspecified() {
            return UNSPECIFIED.equals(cohort) && nationality == null;
        }

        /** Whether a claim naming this cohort and/or nationality (null: any) counts this line; unspecified never does. */
        public boolean matches(String cohort, String nationality) {
            return !unspecified() && (cohort == null || cohort.equals(this.cohort)) && (nationality == null || nationality.equals(this.nationality));
        }

        /**
         * Whether the line may or may not be of the claimed kind: the unspecified line, and for a
         * claim about a nationality, the claimed cohort's people of no stated nationality.
         */
        public boolean undecidedFor(String cohort, String nationality) {
            return unspecified() || (nationality != null && this.nationality == null && (cohort == null || cohort.equals(this.cohort)));
        }
    }

    /** One line of an operation at an instant, as {@link OperationView}'s figures. */
    public record OperationLine(String cohort, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) String nationality, long initiated, long received, long inTransit, long cancelled, long lost) {
    }

    /** Everything by line at one instant, as the fold computed it; maps sorted by key. */
    public record Snapshot(Map<String, Breakdown> facilities, Map<String, Breakdown> byCustodian, Map<String, Breakdown> byCountry,
                           Map<String, List<OperationLine>> operations) {
    }

    /**
     * One line of a place at an instant. {@code population} is null where the place's latest
     * census has no breakdown (or there is none); {@code netChange} is always given;
     * {@code inTransit} is the people of the line on their way and held by the place (a custodian).
     */
    public record LineView(String cohort, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) String nationality, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) Long population,
                           long netChange, long inTransit) {
        Line line() {
            return new Line(cohort, nationality);
        }
    }

    /** A place's lines; {@code known}: every facility in it has a census with a breakdown. */
    public record Breakdown(String key, boolean known, List<LineView> lines) {
        /** Population by line; empty unless known. */
        public java.util.Optional<Map<Line, Long>> populations() {
            if (!known) {
                return java.util.Optional.empty();
            }
            Map<Line, Long> populations = new TreeMap<>(Line.ORDER);
            lines.forEach(l -> populations.put(l.line(), l.population()));
            return java.util.Optional.of(populations);
        }
    }

    /** What one event of a transfer does to one line of one facility. */
    public record LineEntry(UUID eventId, String facilityId, Instant at, Line line, int delta) {
    }

    /**
     * One line of a transfer: how many were sent, received and lost. Each is null where the line
     * is not one of that side (not sent as a line, not among those received) or, for received and
     * lost, before the transfer completed.
     */
    public record TransferLine(Line line, Integer initiated, Integer received, Integer lost) {
        int sent() {
            return initiated == null ? 0 : initiated;
        }
    }

    private Breakdowns() {
    }

    /** An event's lines: its breakdown, or the whole count as unspecified. */
    public static Map<Line, Integer> lines(List<Cohort> breakdown, int count) {
        Map<Line, Integer> lines = new TreeMap<>(Line.ORDER);
        if (breakdown == null) {
            if (count != 0) {
                lines.put(Line.UNSPECIFIED_LINE, count);
            }
        } else {
            breakdown.forEach(c -> lines.merge(new Line(c.cohort(), c.nationality()), c.count(), Integer::sum));
        }
        return lines;
    }

    /**
     * The lines of the people a completion received: its own breakdown when it adds up to the
     * received count with no line above the initiated one; else the initiated lines when all
     * arrived; else the received count as unspecified. Null when its breakdown does not fit
     * (the lifecycle records an anomaly and resolves the completion as if it had none).
     */
    public static Map<Line, Integer> receivedLines(Map<Line, Integer> initiated, int count, int received, List<Cohort> breakdown) {
        if (breakdown != null) {
            Map<Line, Integer> lines = lines(breakdown, received);
            int sum = lines.values().stream().mapToInt(Integer::intValue).sum();
            boolean fits = sum == received && lines.entrySet().stream().allMatch(l -> l.getValue() <= initiated.getOrDefault(l.getKey(), 0));
            return fits ? lines : null;
        }
        return received == count ? initiated : lines(null, received);
    }

    private static Map<Line, Integer> received(ResolvedTransfer t, Map<Line, Integer> initiated) {
        return receivedLines(initiated, t.initiated().count(), t.receivedCount(), t.receivedBreakdown());
    }

    /** A resolved transfer by line; its sums are the transfer's count, receivedCount and lost. */
    public static List<TransferLine> transferLines(ResolvedTransfer t) {
        Map<Line, Integer> initiated = lines(t.initiated().breakdown(), t.initiated().count());
        boolean completed = TransferView.COMPLETED.equals(t.outcome());
        Map<Line, Integer> received = completed ? received(t, initiated) : Map.of();
        // Short without saying who arrived: who was lost is not known either.
        boolean linesKnown = t.receivedBreakdown() != null || (completed && t.receivedCount() == t.initiated().count());
        Map<Line, Integer[]> byLine = new TreeMap<>(Line.ORDER);
        initiated.forEach((line, n) -> byLine.computeIfAbsent(line, k -> new Integer[3])[0] = n);
        received.forEach((line, n) -> byLine.computeIfAbsent(line, k -> new Integer[3])[1] = n);
        if (completed) {
            int lost = t.initiated().count() - t.receivedCount();
            if (linesKnown) {
                byLine.forEach((line, n) -> n[2] = (n[0] == null ? 0 : n[0]) - (n[1] == null ? 0 : n[1]));
            } else {
                byLine.forEach((line, n) -> n[2] = 0);
                byLine.computeIfAbsent(Line.UNSPECIFIED_LINE, k -> new Integer[] {null, null, 0})[2] = lost;
            }
        }
        List<TransferLine> out = new ArrayList<>();
        byLine.forEach((line, n) -> out.add(new TransferLine(line, n[0], n[1], n[2])));
        return out;
    }

    /** A transfer as it stands at an instant: before its finish, as if it had none. */
    public static ResolvedTransfer asOf(ResolvedTransfer t, Instant instant) {
        return TransferView.IN_TRANSIT.equals(t.statusAt(instant)) && t.outcome() != null
                ? new ResolvedTransfer(t.initiated(), t.initiatedEventId(), t.initiatedAt(), null, null, null, null, t.initiatedBy(), null, null)
                : t;
    }

    /** An operation's figures by line from its transfers (each as it stands at the instant). */
    public static List<OperationLine> operationLines(Collection<ResolvedTransfer> transfers) {
        Map<Line, long[]> sums = new TreeMap<>(Line.ORDER);
        for (ResolvedTransfer t : transfers) {
            for (TransferLine l : transferLines(t)) {
                long[] sum = sums.computeIfAbsent(l.line(), k -> new long[5]);
                sum[0] += l.sent();
                if (TransferView.COMPLETED.equals(t.outcome())) {
                    sum[1] += l.received() == null ? 0 : l.received();
                    sum[4] += l.lost();
                } else if (TransferView.CANCELLED.equals(t.outcome())) {
                    sum[3] += l.sent();
                } else {
                    sum[2] += l.sent();
                }
            }
        }
        List<OperationLine> lines = new ArrayList<>();
        sums.forEach((line, s) -> lines.add(new OperationLine(line.cohort(), line.nationality(), s[0], s[1], s[2], s[3], s[4])));
        return List.copyOf(lines);
    }

    /** People received by line over completed transfers. */
    public static Map<Line, Long> received(Collection<ResolvedTransfer> transfers) {
        Map<Line, Long> sums = new TreeMap<>(Line.ORDER);
        for (ResolvedTransfer t : transfers) {
            if (TransferView.COMPLETED.equals(t.outcome())) {
                transferLines(t).forEach(l -> {
                    if (l.received() != null && l.received() != 0) {
                        sums.merge(l.line(), (long) l.received(), Long::sum);
                    }
                });
            }
        }
        return sums;
    }

    /** A transfer's ledger entries line by line: out of the origin at initiation, in at completion, back at cancellation. */
    public static List<LineEntry> entries(ResolvedTransfer t) {
        List<LineEntry> entries = new ArrayList<>();
        Map<Line, Integer> initiated = lines(t.initiated().breakdown(), t.initiated().count());
        initiated.forEach((line, n) -> entries.add(new LineEntry(t.initiatedEventId(), t.initiated().fromFacilityId(), t.initiatedAt(), line, -n)));
        if (TransferView.COMPLETED.equals(t.outcome())) {
            received(t, initiated).forEach((line, n) ->
                    entries.add(new LineEntry(t.finishedEventId(), t.initiated().toFacilityId(), t.finishedAt(), line, n)));
        } else if (TransferView.CANCELLED.equals(t.outcome())) {
            initiated.forEach((line, n) -> entries.add(new LineEntry(t.finishedEventId(), t.initiated().fromFacilityId(), t.finishedAt(), line, n)));
        }
        return entries;
    }

    /** One facility's lines as a walk in event-time order applies its censuses and line entries. */
    public static final class FacilityLines {
        private Map<Line, Long> baseline; // null: no census with a breakdown is the latest
        private final Map<Line, Long> sinceCensus = new TreeMap<>(Line.ORDER);
        private final Map<Line, Long> netChange = new TreeMap<>(Line.ORDER);

        public void census(List<Cohort> breakdown) {
            sinceCensus.clear();
            if (breakdown == null) {
                baseline = null;
            } else {
                baseline = new TreeMap<>(Line.ORDER);
                lines(breakdown, 0).forEach((line, n) -> baseline.put(line, (long) n));
            }
        }

        public void entry(Line line, long delta) {
            sinceCensus.merge(line, delta, Long::sum);
            netChange.merge(line, delta, Long::sum);
        }

        /** Every line of the latest census or of any entry so far. */
        public Breakdown view(String facilityId) {
            Map<Line, Long> all = new TreeMap<>(Line.ORDER);
            netChange.keySet().forEach(line -> all.put(line, null));
            if (baseline != null) {
                baseline.keySet().forEach(line -> all.put(line, null));
            }
            List<LineView> views = new ArrayList<>();
            all.keySet().forEach(line -> views.add(new LineView(line.cohort(), line.nationality(),
                    baseline == null ? null : baseline.getOrDefault(line, 0L) + sinceCensus.getOrDefault(line, 0L),
                    netChange.getOrDefault(line, 0L), 0)));
            return new Breakdown(facilityId, baseline != null, List.copyOf(views));
        }
    }

    /**
     * Places summed line by line under a key (a custodian, a country): a line's population is known
     * only where every facility in the group has a census with a breakdown.
     *
     * @param inTransit transfers on their way, by the key of who holds them
     */
    public static Map<String, Breakdown> byGroup(Map<String, String> groupOfFacility, Collection<Breakdown> facilities,
                                                 Map<String, List<TransferLine>> inTransit) {
        Map<String, Boolean> known = new TreeMap<>();
        Map<String, Map<Line, long[]>> sums = new TreeMap<>();
        for (Breakdown f : facilities) {
            String group = groupOfFacility.get(f.key());
            known.merge(group, f.known(), Boolean::logicalAnd);
            Map<Line, long[]> lines = sums.computeIfAbsent(group, k -> new TreeMap<>(Line.ORDER));
            for (LineView l : f.lines()) {
                long[] sum = lines.computeIfAbsent(l.line(), k -> new long[3]);
                sum[0] += l.population() == null ? 0 : l.population();
                sum[1] += l.netChange();
            }
        }
        inTransit.forEach((group, lines) -> {
            known.putIfAbsent(group, true);
            Map<Line, long[]> groupLines = sums.computeIfAbsent(group, k -> new TreeMap<>(Line.ORDER));
            lines.forEach(l -> groupLines.computeIfAbsent(l.line(), k -> new long[3])[2] += l.sent());
        });
        Map<String, Breakdown> groups = new TreeMap<>();
        sums.forEach((group, lines) -> {
            boolean k = known.get(group);
            List<LineView> views = new ArrayList<>();
            lines.forEach((line, sum) -> views.add(new LineView(line.cohort(), line.nationality(), k ? sum[0] : null, sum[1], sum[2])));
            groups.put(group, new Breakdown(group, k, List.copyOf(views)));
        });
        return groups;
    }
}
