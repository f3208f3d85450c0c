package org.custodyledger.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.custodyledger.audit.Checkpoint;
import org.custodyledger.audit.Ed25519;
import org.custodyledger.log.PartitionAudit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Recompute every partition's Merkle tree from an export and check it against signed checkpoints. Reports, per "
                + "partition, the first record that was altered, removed, reordered or inserted, with its offset (narrowed to the one "
                + "record with roots the projection proves against the checkpoint; --offline: between two checkpoints), and records "
                + "that did not come through ingest. Exit 1 if anything does not hold.")
class VerifyCommand implements Callable<Integer> {
    /** Leaf hashes kept to narrow a failure to one record: 32 MB. */
    private static final int KEEP_AT_MOST = 1 << 20;
    private static final int PROBLEMS_SHOWN = 20;

    @ParentCommand
    LedgerCli cli;

    @Option(names = "--export", required = true, description = "a file written by 'ledger cli export'")
    Path export;

    @Option(names = "--checkpoints", description = "signed checkpoints: a file (saved answers of GET /audit/checkpoints or /latest, "
            + "a JSON array or NDJSON) or a URL; default: the projection's GET /audit/checkpoints")
    String checkpoints;

    @picocli.CommandLine.Mixin
    CheckpointKeys checkpointKeys;

    @Option(names = "--offline", description = "do not ask the projection for proofs to narrow a failure to one record")
    boolean offline;

    @Override
    public Integer call() throws IOException {
        if (!Files.isReadable(export)) {
            throw new CliException(LedgerCli.FAILED, "cannot read " + export);
        }
        List<Checkpoint> all = SignedCheckpoints.load(checkpoints != null ? checkpoints : cli.projection + "/audit/checkpoints");
        List<Checkpoint> signed = SignedCheckpoints.validlySigned(all,
                checkpointKeys.trusted(cli));
        if (signed.isEmpty()) {
            throw new CliException(LedgerCli.FAILED, all.isEmpty() ? "no checkpoints to verify against (the projection signs one every "
                    + "LEDGER_CHECKPOINT_EVERY once it has read records)" : "none of the " + all.size() + " checkpoints is validly signed");
        }
        Map<Integer, List<PartitionAudit.Head>> heads = SignedCheckpoints.heads(signed);
        Map<Integer, PartitionAudit> audits = new TreeMap<>();
        heads.forEach((p, h) -> audits.put(p, new PartitionAudit(p, h, KEEP_AT_MOST)));
        int failed = 0;
        long records = 0;
        List<String> recordProblems = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            long number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                ExportedRecord record = ExportedRecord.read(line, number);
                records++;
                audits.computeIfAbsent(record.partition(), p -> new PartitionAudit(p, List.of(), KEEP_AT_MOST)).append(record.offset(), record.leafHash());
                for (String problem : record.problems()) {
                    recordProblems.add("partition " + record.partition() + " offset " + record.offset() + ": " + problem);
                }
            }
        }
        for (PartitionAudit audit : audits.values()) {
            PartitionAudit.Outcome outcome = audit.finish();
            if (outcome.holds()) {
                String covered = outcome.lastMatched().map(h -> "the first " + h.size() + " match " + h.name()).orElse("no checkpoint covers them yet");
                System.out.println("ok      partition " + outcome.partition() + ": " + outcome.records() + " records; " + covered
                        + uncovered(outcome));
                continue;
            }
            failed++;
            PartitionAudit.Head bad = outcome.firstFailed().orElseThrow();
            long from = outcome.lastMatched().map(PartitionAudit.Head::size).orElse(0L);
            System.out.println("FAILED  partition " + outcome.partition() + ": the first " + bad.size() + " records are not those " + bad.name()
                    + " signed" + outcome.lastMatched().map(h -> "; the first " + h.size() + " are those " + h.name() + " signed").orElse(""));
            outcome.problems().forEach(p -> System.out.println("        " + p));
            String where = "        the first difference is at record #" + from + " or after, before #" + bad.size()
                    + (outcome.bracketStartOffset() >= 0 ? " (from offset " + outcome.bracketStartOffset() + " here)" : "");
            if (!offline) {
                Optional<long[]> first;
                try {
                    first = audit.firstDifference(SignedCheckpoints.provenBy(cli.projection, outcome.partition(), bad));
                } catch (CliException unproven) {
                    System.out.println("        could not narrow it to one record: " + unproven.getMessage());
                    first = Optional.empty();
                }
                if (first.isPresent()) {
                    where = "        the first record that differs from the signed log is #" + first.get()[0] + ", at offset " + first.get()[1]
                            + " here: it was altered, removed, reordered or inserted there";
                }
            }
            System.out.println(where);
        }
        recordProblems.stream().limit(PROBLEMS_SHOWN).forEach(p -> System.out.println("FAILED  " + p));
        if (recordProblems.size() > PROBLEMS_SHOWN) {
            System.out.println("FAILED  ... and " + (recordProblems.size() - PROBLEMS_SHOWN) + " more records like these");
        }
        Checkpoint newest = signed.get(signed.size() - 1);
        boolean holds = failed == 0 && recordProblems.isEmpty();
        System.out.println((holds ? "verified: " : "NOT verified: ") + records + " records in " + audits.size() + " partitions against "
                + signed.size() + " signed checkpoints (newest " + newest.sequence() + ", " + newest.at() + ", key " + newest.keyId() + ")"
                + (holds ? "" : "; " + failed + " partitions and " + recordProblems.size() + " records do not hold"));
        return holds ? 0 : LedgerCli.FAILED;
    }

    private static String uncovered(PartitionAudit.Outcome outcome) {
        long covered = outcome.lastMatched().map(PartitionAudit.Head::size).orElse(0L);
        return outcome.records() > covered ? "; " + (outcome.records() - covered) + " later ones are in no checkpoint yet" : "";
    }
}
