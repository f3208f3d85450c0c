package org.custodyledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.custodyledger.audit.SignedReceipt;
import org.custodyledger.events.EventJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "verify-receipt", mixinStandardHelpOptions = true,
        description = "Check the signed receipts in an ingest answer (POST /events or /events/batch, saved to a file; or receipts "
                + "one per line): the signature against ingest's public keys and, with --log, that the log still holds that exact "
                + "record at that position. Exit 1 if any receipt fails.")
class VerifyReceiptCommand implements Callable<Integer> {
    @ParentCommand
    LedgerCli cli;

    @Option(names = {"-i", "--in"}, required = true, description = "a saved answer of POST /events or /events/batch, or NDJSON of receipts")
    Path in;

    @Option(names = "--key", description = "a public key to trust, keyId=base64(X.509) (repeatable); default: ingest's GET /audit/keys")
    List<String> keys = new ArrayList<>();

    @Option(names = "--log", description = "also read each record from the log and compare it with the receipt")
    boolean log;

    @Override
    public Integer call() throws IOException {
        List<SignedReceipt> receipts = receipts(Files.readString(in));
        if (receipts.isEmpty()) {
            throw new CliException(2, in + " holds no receipt (an answer of POST /events or /events/batch has one per event)");
        }
        SignedReceipt.Verifier verifier = new SignedReceipt.Verifier(TrustedKeys.of(keys, "--key", cli.ingest + "/audit/keys"));
        int failed = 0;
        try (KafkaConsumer<String, byte[]> consumer = log ? LogAccess.consumer(cli.bootstrap) : null) {
            for (SignedReceipt receipt : receipts) {
                Optional<String> problem = verifier.problem(receipt);
                if (problem.isEmpty() && consumer != null) {
                    problem = againstLog(consumer, receipt);
                }
                String where = receipt.eventId() + " at " + receipt.partition() + "@" + receipt.offset();
                if (problem.isPresent()) {
                    failed++;
                    System.out.println("FAILED  " + where + ": " + problem.get());
                } else {
                    System.out.println("ok      " + where + " (key " + receipt.keyId() + ", recorded by " + receipt.recordedBy() + " at "
                            + receipt.recordedAt() + (log ? "; the log holds this exact record" : "") + ")");
                }
            }
        }
        System.out.println(receipts.size() - failed + " of " + receipts.size() + " receipts verified" + (log ? " against the log" : ""));
        return failed == 0 ? 0 : LedgerCli.FAILED;
    }

    /** The record at the receipt's position must be the one it names, byte for byte. */
    private Optional<String> againstLog(KafkaConsumer<String, byte[]> consumer, SignedReceipt receipt) {
        LogAccess.At at = LogAccess.recordAt(consumer, cli.topic, receipt.partition(), receipt.offset());
        if (at.record() == null) {
            return Optional.of(at.absent());
        }
        String hash = SignedReceipt.recordSha256(at.record().value());
        return hash.equals(receipt.recordSha256()) ? Optional.empty()
                : Optional.of("the record there is not the one received (SHA-256 " + hash + ", the receipt names " + receipt.recordSha256()
                + "): it was changed or replaced");
    }

    /** Every receipt in the text: in answers (receipt, results[].receipt) or bare, one JSON document per line or one in all. */
    static List<SignedReceipt> receipts(String text) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try {
            documents.add(EventJson.mapper().readTree(text));
        } catch (IOException severalLines) {
            for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
                documents.add(EventJson.mapper().readTree(line));
            }
        }
        List<SignedReceipt> receipts = new ArrayList<>();
        for (JsonNode document : documents) {
            if (document.has("results")) {
                document.get("results").forEach(result -> add(result.path("receipt"), receipts));
            } else if (document.has("receipt")) {
                add(document.get("receipt"), receipts);
            } else {
                add(document, receipts);
            }
        }
        return receipts;
    }

    private static void add(JsonNode receipt, List<SignedReceipt> receipts) {
        if (receipt == null || !receipt.has("signature")) {
            return;
        }
        try {
            receipts.add(new SignedReceipt(UUID.fromString(receipt.get("eventId").asText()), receipt.get("partition").asInt(),
                    receipt.get("offset").asLong(), receipt.get("recordSha256").asText(), Instant.parse(receipt.get("recordedAt").asText()),
                    receipt.get("recordedBy").asText(), receipt.get("keyId").asText(), receipt.get("signature").asText()));
        } catch (RuntimeException e) {
            throw new CliException(2, "not a receipt: " + receipt + " (" + e.getMessage() + ")");
        }
    }
}
