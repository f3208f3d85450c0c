package org.custodyledger.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.custodyledger.events.CensusRecorded;
import org.custodyledger.events.Claim;
import org.custodyledger.events.Cohort;
import org.custodyledger.events.CustodyEvent;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventRetracted;
import org.custodyledger.events.FacilityRegistered;
import org.custodyledger.events.OperationPlanned;
import org.custodyledger.events.StatementRecorded;
import org.custodyledger.events.TransferCancelled;
import org.custodyledger.events.TransferCompleted;
import org.custodyledger.events.TransferInitiated;

/** A deterministic, realistic log of about {@code size} events: operations, censuses, partial receipts, cancellations, retractions. */
public final class LogGenerator {
    private LogGenerator() {
    }

    public static List<Envelope> generate(long seed, int size) {
        Random random = new Random(seed);
        // Breakdowns draw from their own stream, so the log's shape does not depend on them.
        Random lines = new Random(~seed);
        List<Envelope> log = new ArrayList<>();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        String[] countries = {"SY", "IQ", "TR", "JO"};
        int facilities = 12;
        for (int f = 0; f < facilities; f++) {
            log.add(envelope(random, start, new FacilityRegistered("f-" + f, "Facility " + f, countries[f % 4], "custodian-" + f % 5,
                    random.nextBoolean() ? 50_000 : null)));
            if (f % 3 == 0) {
                int population = 20_000 + random.nextInt(5_000);
                log.add(envelope(random, start.plusSeconds(3600), new CensusRecorded("f-" + f, population, f % 2 == 0 ? split(lines, population) : null)));
            }
        }
        for (int o = 0; o < 4; o++) {
            log.add(envelope(random, start.plusSeconds(60), new OperationPlanned("op-" + o, "Operation " + o, "lead-" + o, 9_000, null, null)));
        }
        int transfer = 0;
        while (log.size() < size) {
            Instant at = start.plusSeconds(86_400 + random.nextInt(180 * 86_400));
            int from = random.nextInt(facilities);
            int to = (from + 1 + random.nextInt(facilities - 1)) % facilities;
            int count = 1 + random.nextInt(300);
            String id = "T-" + transfer++;
            List<Cohort> sent = lines.nextBoolean() ? split(lines, count) : null;
            Envelope initiated = envelope(random, at, new TransferInitiated(id, random.nextInt(5) == 0 ? null : "op-" + random.nextInt(4),
                    "f-" + from, "f-" + to, count, sent));
            log.add(initiated);
            int fate = random.nextInt(10);
            Instant later = at.plusSeconds(1 + random.nextInt(5 * 86_400));
            if (fate < 6) {
                Integer received = random.nextInt(4) == 0 ? count - random.nextInt(count) : null;
                log.add(envelope(random, later, new TransferCompleted(id, received, receivedOf(lines, sent, received == null ? count : received))));
            } else if (fate < 8) {
                log.add(envelope(random, later, new TransferCancelled(id, "cancelled")));
            } else if (fate == 8) {
                log.add(envelope(random, later, new EventRetracted(initiated.eventId(), "recorded in error")));
            }
            if (random.nextInt(25) == 0) { // reported twice
                log.add(envelope(random, later.plusSeconds(60), new TransferCompleted(id, null)));
            }
            if (random.nextInt(40) == 0) { // timed before its initiation
                log.add(envelope(random, at.minusSeconds(60), new TransferCancelled(id, "too early")));
            }
            if (random.nextInt(50) == 0) { // the same transferId initiated again
                log.add(envelope(random, later, new TransferInitiated(id, null, "f-" + to, "f-" + from, 1, null)));
            }
            if (random.nextInt(20) == 0) {
                log.add(envelope(random, later, new StatementRecorded("S-" + transfer, "speaker", null, "org", null, null, null, null,
                        List.of(new Claim(Claim.Metric.TRANSFERRED_TOTAL, "op-" + random.nextInt(4), null, null, Claim.Qualifier.ABOUT, 3000, null)))));
            }
        }
        // The awkward cases a real log has: late registrations, duplicates, unknown references,
        // custodian changes, retractions of nothing and of retractions, censuses that overflow capacity.
        Instant mid = start.plusSeconds(90 * 86_400);
        log.add(envelope(random, mid, new FacilityRegistered("f-late", "Late facility", "SY", "custodian-late", 100)));
        log.add(envelope(random, start.plusSeconds(86_400), new TransferInitiated("T-late", "op-9", "f-late", "f-unknown", 5, null)));
        log.add(envelope(random, mid.plusSeconds(60), new CensusRecorded("f-late", 150, null)));
        log.add(envelope(random, start.plusSeconds(7_200), new FacilityRegistered("f-0", "Again", "TR", "someone", null)));
        log.add(envelope(random, start.plusSeconds(120), new OperationPlanned("op-0", "Again", "someone", null, null, null)));
        log.add(envelope(random, start.plusSeconds(30), new CensusRecorded("f-never", 3, null)));
        log.add(envelope(random, mid, new org.custodyledger.events.CustodianChanged("f-1", "custodian-new")));
        log.add(envelope(random, start.plusSeconds(10), new org.custodyledger.events.CustodianChanged("f-2", "too-early")));
        Envelope retractNothing = envelope(random, mid, new EventRetracted(new UUID(1, 2), "typo"));
        log.add(retractNothing);
        log.add(envelope(random, mid.plusSeconds(5), new EventRetracted(retractNothing.eventId(), "undo")));
        log.add(envelope(random, mid, new StatementRecorded("S-held", "speaker", null, "org", null, null, null, null, List.of(
                new Claim(Claim.Metric.HELD, null, null, "SY", Claim.Qualifier.AT_LEAST, 1000, null),
                new Claim(Claim.Metric.HELD, null, "f-0", null, Claim.Qualifier.ABOUT, 20_000, null),
                new Claim(Claim.Metric.TRANSFERRED_TOTAL, null, null, "IQ", Claim.Qualifier.MORE_THAN, 100, null),
                new Claim(Claim.Metric.TRANSFERRED_TOTAL, null, "f-3", null, Claim.Qualifier.UP_TO, 5000, mid.minusSeconds(86_400)),
                new Claim(Claim.Metric.TRANSFERRED_TOTAL, "op-9", null, null, Claim.Qualifier.EXACT, 0, null),
                new Claim(Claim.Metric.TRANSFERRED_TOTAL, "op-1", null, null, Claim.Qualifier.MORE_THAN, 1000, null, "adult", null),
                new Claim(Claim.Metric.TRANSFERRED_TOTAL, null, null, "IQ", Claim.Qualifier.ABOUT, 500, null, null, "FR"),
                new Claim(Claim.Metric.HELD, null, "f-0", null, Claim.Qualifier.AT_LEAST, 100, null, "minor", "SY"),
                new Claim(Claim.Metric.HELD, null, null, "SY", Claim.Qualifier.UP_TO, 30_000, null, "adult", null)))));
        // Locations: one set and moved, one moved and the move retracted, one before its facility exists.
        log.add(envelope(random, start.plusSeconds(86_400), new org.custodyledger.events.FacilityLocated("f-0", 36.5, 40.7)));
        log.add(envelope(random, mid, new org.custodyledger.events.FacilityLocated("f-0", 36.4, 40.75)));
        log.add(envelope(random, start.plusSeconds(86_400), new org.custodyledger.events.FacilityLocated("f-1", 33.3, 44.4)));
        Envelope moved = envelope(random, mid, new org.custodyledger.events.FacilityLocated("f-1", -33.3, -44.4));
        log.add(moved);
        log.add(envelope(random, mid.plusSeconds(60), new EventRetracted(moved.eventId(), "wrong hemisphere")));
        log.add(envelope(random, start.plusSeconds(5), new org.custodyledger.events.FacilityLocated("f-late", 35.0, 38.0)));
        return log;
    }

    private static final String[] COHORTS = {"adult", "minor"};
    private static final String[] NATIONALITIES = {null, "IQ", "SY", "FR", "TN"};

    /** {@code count} people in up to three lines. */
    private static List<Cohort> split(Random random, int count) {
        java.util.Map<String, Cohort> lines = new java.util.TreeMap<>();
        int left = count;
        for (int i = 0; i < 3 && left > 0; i++) {
            String cohort = COHORTS[random.nextInt(COHORTS.length)];
            String nationality = NATIONALITIES[random.nextInt(NATIONALITIES.length)];
            int n = i == 2 ? left : random.nextInt(left + 1);
            Cohort before = lines.get(cohort + "/" + nationality);
            lines.put(cohort + "/" + nationality, new Cohort(cohort, nationality, n + (before == null ? 0 : before.count())));
            left -= n;
        }
        if (left > 0) {
            Cohort first = lines.values().iterator().next();
            lines.put(first.cohort() + "/" + first.nationality(), new Cohort(first.cohort(), first.nationality(), first.count() + left));
        }
        return List.copyOf(lines.values());
    }

    /** Now and then who arrived: the sent lines less those lost; rarely one that does not fit them. */
    private static List<Cohort> receivedOf(Random random, List<Cohort> sent, int received) {
        int draw = random.nextInt(30);
        if (draw == 0) {
            return List.of(new Cohort("minor", "JO", received)); // no such line was sent
        }
        if (sent == null || draw > 12) {
            return null;
        }
        List<Cohort> lines = new ArrayList<>();
        int lost = sent.stream().mapToInt(Cohort::count).sum() - received;
        for (Cohort c : sent) {
            int less = Math.min(lost, c.count());
            lost -= less;
            lines.add(new Cohort(c.cohort(), c.nationality(), c.count() - less));
        }
        return List.copyOf(lines);
    }

    private static Envelope envelope(Random random, Instant at, CustodyEvent data) {
        return new Envelope(new UUID(random.nextLong(), random.nextLong()), at, Instant.EPOCH, "generator", 1, data);
    }
}
