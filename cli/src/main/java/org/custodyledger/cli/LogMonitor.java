package org.custodyledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.custodyledger.audit.Checkpoint;
import org.custodyledger.audit.Ed25519;
import org.custodyledger.events.EventJson;
import org.custodyledger.log.LogLeaf;
import org.custodyledger.log.MerkleFrontier;
import org.custodyledger.log.MerkleTree;
import org.custodyledger.log.PartitionAudit;
import org.custodyledger.log.RecordSignatures;

/**
 * An independent monitor of the ledger, as Certificate Transparency has them: it keeps in a file
 * the newest checkpoint it trusted and, per partition, the frontier of the tree it recomputed
 * from the topic itself. Each round it takes the checkpoints signed since, checks each is
 * validly signed and consistent with the one before (an RFC 9162 proof from the projection),
 * reads the records they add from the topic and checks the roots. Anything that does not hold
 * is an alert, and the state is not advanced past it: the next round says it again.
 */
final class LogMonitor {
    private static final HexFormat HEX = HexFormat.of();
    private static final Duration READ_WITHIN = Duration.ofSeconds(60);

    /** What a partition's recomputation has reached: leaves read, the next offset to read, the tree's frontier. */
    private record Position(long leaves, long nextOffset, MerkleFrontier frontier) {
    }

    private final LedgerCli cli;
    private final Path stateFile;
    private final Ed25519.PublicKeys keys;
    private Checkpoint trusted;
    private final Map<Integer, Position> positions = new HashMap<>();

    LogMonitor(LedgerCli cli, Path stateFile, Ed25519.PublicKeys keys) throws IOException {
        this.cli = cli;
        this.stateFile = stateFile;
        this.keys = keys;
        if (Files.exists(stateFile)) {
            JsonNode state = EventJson.mapper().readTree(stateFile.toFile());
            trusted = state.path("checkpoint").isObject() ? Checkpoint.fromJson(state.get("checkpoint")) : null;
            state.path("partitions").fields().forEachRemaining(p -> {
                List<String> subtrees = new ArrayList<>();
                p.getValue().get("frontier").forEach(h -> subtrees.add(h.asText()));
                long leaves = p.getValue().get("leaves").asLong();
                positions.put(Integer.parseInt(p.getKey()), new Position(leaves, p.getValue().get("nextOffset").asLong(), MerkleFrontier.of(leaves, subtrees)));
            });
        }
    }

    /** One round: the alerts, none if everything holds. */
    List<String> round() throws IOException {
        List<String> alerts = new ArrayList<>(headsOfTheLog());
        List<Checkpoint> fresh = new ArrayList<>();
        Checkpoint before = trusted;
        for (Checkpoint next : newCheckpoints()) {
            List<String> found = signedAndGrowing(before, next);
            if (!found.isEmpty()) {
                alerts.addAll(found);
                break;
            }
            fresh.add(next);
            before = next;
        }
        if (fresh.isEmpty()) {
            if (alerts.isEmpty()) {
                System.out.println("ok      no new checkpoint since " + (trusted == null ? "none yet" : "checkpoint " + trusted.sequence()));
            }
            return alerts;
        }
        Checkpoint newest = fresh.get(fresh.size() - 1);
        List<String> unproven = consistentWithTrusted(newest);
        if (!unproven.isEmpty()) {
            alerts.addAll(unproven);
            return alerts;
        }
        Recomputed read = recompute(fresh, newest, alerts);
        for (PartitionAudit audit : read.audits().values()) {
            PartitionAudit.Outcome outcome = audit.finish();
            outcome.firstFailed().ifPresent(bad -> alerts.add("the log no longer matches " + bad.name() + ": partition " + outcome.partition()
                    + "'s first " + bad.size() + " records, read from the topic, are not those it signed"
                    + outcome.lastMatched().map(h -> " (they match up to " + h.name() + ", " + h.size() + " records)").orElse("")
                    + "; ledger cli verify --export finds the record"));
            outcome.problems().forEach(p -> alerts.add("partition " + outcome.partition() + ": " + p));
        }
        if (alerts.isEmpty()) {
            read.audits().forEach((p, audit) -> positions.put(p, new Position(audit.size(), read.nextOffsets().get(p), audit.frontier())));
            System.out.println("ok      checkpoint" + (fresh.size() == 1 ? " " + newest.sequence() : "s " + fresh.get(0).sequence() + ".." + newest.sequence())
                    + " (newest " + newest.at() + "): signed by " + newest.keyId()
                    + (trusted == null ? "" : ", consistent with checkpoint " + trusted.sequence()) + "; the log's " + records(newest)
                    + " records, read from the topic, match their roots");
            trusted = newest;
            save();
        }
        return alerts;
    }

    private static long records(Checkpoint c) {
        return c.partitions().stream().mapToLong(Checkpoint.PartitionRoot::size).sum();
    }

    /** The checkpoints after the trusted one, oldest first. */
    private List<Checkpoint> newCheckpoints() {
        List<Checkpoint> newestFirst = new ArrayList<>();
        long after = trusted == null ? 0 : trusted.sequence();
        Long before = null;
        boolean more = true;
        while (more) {
            JsonNode page = Http.ok(Http.get(cli.projection + "/audit/checkpoints?limit=1000" + (before == null ? "" : "&before=" + before)),
                    "reading the projection's checkpoints");
            for (JsonNode c : page.path("checkpoints")) {
                Checkpoint checkpoint = Checkpoint.fromJson(c);
                if (checkpoint.sequence() <= after) {
                    more = false;
                    break;
                }
                newestFirst.add(checkpoint);
            }
            more &= page.path("nextBefore").canConvertToLong();
            before = more ? page.get("nextBefore").asLong() : null;
        }
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** The log is kept forever: a partition that no longer starts at offset 0 lost records. */
    private List<String> headsOfTheLog() {
        List<String> alerts = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = LogAccess.consumer(cli.bootstrap)) {
            consumer.beginningOffsets(LogAccess.partitions(consumer, cli.topic)).forEach((p, start) -> {
                if (start > 0) {
                    alerts.add("partition " + p.partition() + " of " + cli.topic + " starts at offset " + start + ": records 0.." + (start - 1)
                            + " were deleted from the log");
                }
            });
        }
        return alerts;
    }

    private List<String> signedAndGrowing(Checkpoint before, Checkpoint next) {
        Optional<String> unsigned = next.problem(keys);
        if (unsigned.isPresent()) {
            return List.of("checkpoint " + next.sequence() + " is not validly signed: " + unsigned.get());
        }
        if (!next.logId().equals(cli.topic)) {
            return List.of("checkpoint " + next.sequence() + " is of log " + next.logId() + ", not " + cli.topic);
        }
        List<String> alerts = new ArrayList<>();
        if (before != null) {
            for (Checkpoint.PartitionRoot old : before.partitions()) {
                Optional<Checkpoint.PartitionRoot> now = next.partition(old.partition());
                if (now.isEmpty() || now.get().size() < old.size() || (now.get().size() == old.size() && !now.get().root().equals(old.root()))) {
                    alerts.add("checkpoint " + next.sequence() + " is not consistent with checkpoint " + before.sequence() + ": partition "
                            + old.partition() + " had " + old.size() + " records with root " + old.root() + ", now "
                            + now.map(n -> n.size() + " with root " + n.root()).orElse("none"));
                }
            }
        }
        return alerts;
    }

    /** An RFC 9162 consistency proof per partition, from the trusted checkpoint to the newest. */
    private List<String> consistentWithTrusted(Checkpoint newest) {
        List<String> alerts = new ArrayList<>();
        if (trusted == null) {
            return alerts;
        }
        for (Checkpoint.PartitionRoot old : trusted.partitions()) {
            Checkpoint.PartitionRoot now = newest.partition(old.partition()).orElseThrow();
            if (old.size() == 0 || old.size() == now.size()) {
                continue;
            }
            JsonNode proof = SignedCheckpoints.consistencyProof(cli.projection, old.partition(), old.size(), now.size(), "asking for a consistency proof");
            if (!SignedCheckpoints.leadsFrom(proof, old.size(), HEX.parseHex(old.root()), now.size(), HEX.parseHex(now.root()))) {
                alerts.add("checkpoint " + newest.sequence() + " is not consistent with checkpoint " + trusted.sequence() + " in partition "
                        + old.partition() + ": the projection has no valid proof that its " + now.size() + " records extend the "
                        + old.size() + " signed before");
            }
        }
        return alerts;
    }

    /** Each partition's audit of the new records, and the offset to read from next time. */
    private record Recomputed(Map<Integer, PartitionAudit> audits, Map<Integer, Long> nextOffsets) {
    }

    /** Reads each partition from where the monitor stopped to the newest checkpoint's size, checking every new checkpoint on the way. */
    private Recomputed recompute(List<Checkpoint> fresh, Checkpoint newest, List<String> alerts) {
        Map<Integer, PartitionAudit> audits = new java.util.TreeMap<>();
        Map<Integer, Long> nextOffsets = new HashMap<>();
        Recomputed read = new Recomputed(audits, nextOffsets);
        Map<Integer, List<PartitionAudit.Head>> heads = SignedCheckpoints.heads(fresh);
        List<TopicPartition> wanted = new ArrayList<>();
        for (Checkpoint.PartitionRoot p : newest.partitions()) {
            Position at = positions.getOrDefault(p.partition(), new Position(0, 0, new MerkleFrontier()));
            audits.put(p.partition(), new PartitionAudit(p.partition(), at.frontier(), heads.getOrDefault(p.partition(), List.of()), 0));
            nextOffsets.put(p.partition(), at.nextOffset());
            if (at.leaves() < p.size()) {
                wanted.add(new TopicPartition(cli.topic, p.partition()));
            }
        }
        if (wanted.isEmpty()) {
            return read;
        }
        try (KafkaConsumer<String, byte[]> consumer = LogAccess.consumer(cli.bootstrap)) {
            consumer.assign(wanted);
            Map<TopicPartition, Long> end = consumer.endOffsets(wanted);
            wanted.forEach(tp -> consumer.seek(tp, nextOffsets.get(tp.partition())));
            List<TopicPartition> open = new ArrayList<>(wanted);
            long deadline = System.nanoTime() + READ_WITHIN.toNanos();
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    PartitionAudit audit = audits.get(record.partition());
                    if (audit.size() >= newest.partition(record.partition()).orElseThrow().size()) {
                        continue;
                    }
                    if (record.headers().lastHeader(RecordSignatures.SIGNATURE) == null) {
                        alerts.add("partition " + record.partition() + " offset " + record.offset()
                                + " carries no ingest tag: it was written to the topic without going through ingest");
                    }
                    audit.append(record.offset(), LogLeaf.hash(record));
                    nextOffsets.put(record.partition(), record.offset() + 1);
                }
                open.removeIf(tp -> audits.get(tp.partition()).size() >= newest.partition(tp.partition()).orElseThrow().size()
                        || consumer.position(tp) >= end.get(tp));
            }
            for (TopicPartition tp : open) {
                alerts.add("partition " + tp.partition() + ": " + audits.get(tp.partition()).size() + " records read within "
                        + READ_WITHIN.toSeconds() + " s, checkpoint " + newest.sequence() + " covers " + newest.partition(tp.partition()).orElseThrow().size());
            }
        } catch (org.apache.kafka.clients.consumer.OffsetOutOfRangeException gone) {
            alerts.add("the log no longer has the records the monitor needs next (" + gone.getMessage() + "): they were deleted");
        }
        return read;
    }

    private void save() throws IOException {
        ObjectNode state = EventJson.mapper().createObjectNode();
        state.put("logId", cli.topic);
        state.set("checkpoint", EventJson.mapper().valueToTree(trusted));
        ObjectNode parts = state.putObject("partitions");
        positions.forEach((p, at) -> {
            ObjectNode node = parts.putObject(String.valueOf(p));
            node.put("leaves", at.leaves()).put("nextOffset", at.nextOffset());
            at.frontier().subtreesHex().forEach(node.putArray("frontier")::add);
        });
        Path temporary = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        Files.writeString(temporary, state.toPrettyString());
        Files.move(temporary, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
