package org.custodyledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.custodyledger.audit.Attestation;
import org.custodyledger.audit.CanonicalJson;
import org.custodyledger.audit.Checkpoint;
import org.custodyledger.audit.Ed25519;
import org.custodyledger.events.EventJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "verify-report", mixinStandardHelpOptions = true,
        description = "Check an attested answer (a read with attest=true, saved to a file) offline: that the projection's key signed "
                + "it, that the answer is the one it signed, and which state of the log it was computed from. Exit 1 if it does not hold.")
class VerifyReportCommand implements Callable<Integer> {
    @ParentCommand
    LedgerCli cli;

    @Parameters(index = "0", description = "the saved answer of a read with attest=true")
    Path report;

    @picocli.CommandLine.Mixin
    CheckpointKeys checkpointKeys;

    @Option(names = "--checkpoint", description = "a signed checkpoint you trust (saved from GET /audit/checkpoints/latest): "
            + "the report must have been computed at it")
    Path checkpoint;

    @Override
    public Integer call() throws IOException {
        if (!Files.isReadable(report)) {
            throw new CliException(LedgerCli.FAILED, "cannot read " + report);
        }
        JsonNode saved = EventJson.mapper().readTree(report.toFile());
        if (!saved.has("answer") || !saved.has("attestation")) {
            throw new CliException(2, report + " is not an attested answer: it needs \"answer\" and \"attestation\" (ask with attest=true)");
        }
        Attestation attestation;
        try {
            attestation = Attestation.fromJson(saved.get("attestation"));
        } catch (RuntimeException e) {
            throw new CliException(2, report + ": " + e.getMessage());
        }
        Ed25519.PublicKeys keys = checkpointKeys.trusted(cli);
        List<String> problems = new ArrayList<>();
        attestation.problem(keys).ifPresent(p -> problems.add("the attestation is not validly signed: " + p));
        String sha256 = CanonicalJson.sha256(EventJson.mapper().writeValueAsString(saved.get("answer")));
        if (!sha256.equals(attestation.answerSha256())) {
            problems.add("the answer is not the one attested: its canonical SHA-256 is " + sha256 + ", the attestation names "
                    + attestation.answerSha256() + " (a figure was changed)");
        }
        String state = attestation.partitions().stream().map(p -> p.partition() + ":" + p.size()).collect(Collectors.joining(", "));
        String at = attestation.checkpoint() == null ? "the log's state {" + state + "} (no checkpoint of exactly that state)"
                : "checkpoint " + attestation.checkpoint() + " {" + state + "}";
        if (checkpoint != null) {
            Checkpoint trusted = Checkpoint.fromJson(EventJson.mapper().readTree(checkpoint.toFile()));
            Optional<String> bad = trusted.problem(keys);
            if (bad.isPresent()) {
                problems.add("checkpoint " + trusted.sequence() + " is not validly signed: " + bad.get());
            } else if (!trusted.partitions().equals(attestation.partitions())) {
                problems.add("the answer was not computed at checkpoint " + trusted.sequence() + " but at " + at);
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.out.println("FAILED  " + p));
            return LedgerCli.FAILED;
        }
        System.out.println("ok      the answer to GET " + attestation.request() + " is the one the projection signed (key " + attestation.keyId()
                + ", " + attestation.at() + "), computed from log " + attestation.logId() + " at " + at);
        return 0;
    }
}
