package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.custodyledger.audit.SignedReceipt;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.LogReader;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.SharedFixtures;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/** Every accepted event gets a signed receipt, which ledger cli verify-receipt checks against ingest's key and the log. */
class ReceiptsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void receiptsVerifyAgainstTheKeyAndTheLogAndAChangedOneDoesNot() throws Exception {
        try (LedgerStack stack = LedgerStack.fresh(SeedCaseIT.ROOT, "receipts", Map.of("LEDGER_CHECKPOINT_EVERY", "1S"))) {
            HttpResponse<String> posted = ServiceProcess.post(stack.ingest().url("/events/batch"), "application/x-ndjson", SharedFixtures.seedNdjson());
            assertThat(posted.statusCode()).isEqualTo(201);
            JsonNode answer = JSON.readTree(posted.body());
            int index = 0;
            while (!answer.get("results").get(index).get("type").asText().equals("TransferInitiated")) {
                index++;
            }
            JsonNode first = answer.get("results").get(index); // T-001, 212 people
            JsonNode receipt = first.get("receipt");
            assertThat(receipt.get("eventId").asText()).isEqualTo(first.get("eventId").asText());
            assertThat(receipt.get("offset").asLong()).isEqualTo(first.get("offset").asLong());
            assertThat(receipt.get("recordedBy").asText()).isEqualTo("test-suite <test:suite> via ledger-local");
            // It names the record as stored: the SHA-256 of the value read back from the topic.
            var stored = LogReader.readAll(TestInfrastructure.bootstrapServers(), stack.env().get("LEDGER_TOPIC")).stream()
                    .filter(r -> r.partition() == receipt.get("partition").asInt() && r.offset() == receipt.get("offset").asLong()).findFirst().orElseThrow();
            assertThat(receipt.get("recordSha256").asText()).isEqualTo(SignedReceipt.recordSha256(stored.value()));
            // A retry gets the very same receipt.
            JsonNode again = JSON.readTree(ServiceProcess.post(stack.ingest().url("/events/batch"), "application/x-ndjson", SharedFixtures.seedNdjson()).body());
            assertThat(again.get("results").get(index).get("status").asText()).isEqualTo("duplicate");
            assertThat(again.get("results").get(index).get("receipt")).isEqualTo(receipt);
            JsonNode keys = JSON.readTree(ServiceProcess.get(stack.ingest().url("/audit/keys")).body());
            assertThat(keys.get("keys").get(0).get("keyId").asText()).isEqualTo(receipt.get("keyId").asText());

            Map<String, String> env = EngineersIT.cliEnv(stack, stack.projection());
            Path saved = Files.createTempFile("answer", ".json");
            Files.writeString(saved, posted.body());
            EngineersIT.Run verified = EngineersIT.cli(env, "verify-receipt", "--in", saved.toString(), "--log");
            assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
            int events = answer.get("results").size();
            assertThat(verified.out()).contains(events + " of " + events + " receipts verified against the log", "the log holds this exact record");

            // A receipt made to name the record with another count: its signature no longer holds.
            ObjectNode changed = receipt.deepCopy();
            byte[] edited = new String(stored.value(), java.nio.charset.StandardCharsets.UTF_8).replace("\"count\":212", "\"count\":213")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(edited).isNotEqualTo(stored.value());
            changed.put("recordSha256", SignedReceipt.recordSha256(edited));
            Path forged = Files.createTempFile("receipt", ".json");
            Files.writeString(forged, changed.toString());
            EngineersIT.Run refused = EngineersIT.cli(env, "verify-receipt", "--in", forged.toString());
            assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(1);
            assertThat(refused.out()).contains("FAILED", "the signature does not match", "0 of 1 receipts verified");
            // A genuine receipt for a position that holds another record: the log check says so.
            ObjectNode moved = receipt.deepCopy();
            moved.put("offset", receipt.get("offset").asLong() + 1);
            Files.writeString(forged, moved.toString());
            EngineersIT.Run elsewhere = EngineersIT.cli(env, "verify-receipt", "--in", forged.toString(), "--key",
                    keys.get("keys").get(0).get("keyId").asText() + "=" + keys.get("keys").get(0).get("publicKey").asText());
            assertThat(elsewhere.exit()).isEqualTo(1);
            assertThat(elsewhere.out()).contains("FAILED");

            // The same record's inclusion proof in its partition's tree, checked offline and against the log.
            String token = answer.get("consistencyToken").asText();
            assertThat(ServiceProcess.get(stack.projection().url("/custody?consistencyToken=" + token)).statusCode()).isEqualTo(200);
            HttpResponse<String> proof = ServiceProcess.get(stack.projection().url("/audit/events/" + first.get("eventId").asText() + "/proof"));
            assertThat(proof.statusCode()).as(proof.body()).isEqualTo(200);
            Path savedProof = Files.createTempFile("proof", ".json");
            Files.writeString(savedProof, proof.body());
            JsonNode root = JSON.readTree(ServiceProcess.get(stack.projection().url("/audit/tree")).body()).get("partitions");
            String partitionRoot = null;
            for (JsonNode p : root) {
                if (p.get("partition").asInt() == receipt.get("partition").asInt()) {
                    partitionRoot = p.get("root").asText();
                }
            }
            EngineersIT.Run included = EngineersIT.cli(env, "verify-proof", "--in", savedProof.toString(), "--root", partitionRoot, "--log");
            assertThat(included.exit()).as(included.out() + included.err()).isZero();
            assertThat(included.out()).contains("is in the tree with root " + partitionRoot, "the log holds that record");
            EngineersIT.Run otherRoot = EngineersIT.cli(env, "verify-proof", "--in", savedProof.toString(), "--root", "00".repeat(32));
            assertThat(otherRoot.exit()).isEqualTo(1);
            assertThat(otherRoot.out()).contains("FAILED", "does not lead from the leaf to the root you gave");

            // Against a signed checkpoint: the root an auditor trusts without trusting this answer.
            HttpResponse<String> latest = null;
            for (int i = 0; i < 100 && (latest == null || latest.statusCode() != 200); i++) {
                Thread.sleep(200);
                latest = ServiceProcess.get(stack.projection().url("/audit/checkpoints/latest"));
            }
            assertThat(latest.statusCode()).as(latest.body()).isEqualTo(200);
            JsonNode checkpoint = JSON.readTree(latest.body());
            Path savedCheckpoint = Files.createTempFile("checkpoint", ".json");
            Files.writeString(savedCheckpoint, latest.body());
            HttpResponse<String> against = ServiceProcess.get(stack.projection().url("/audit/events/" + first.get("eventId").asText()
                    + "/proof?checkpoint=" + checkpoint.get("sequence").asLong()));
            Files.writeString(savedProof, against.body());
            EngineersIT.Run checkpointed = EngineersIT.cli(env, "verify-proof", "--in", savedProof.toString(), "--checkpoint", savedCheckpoint.toString(), "--log");
            assertThat(checkpointed.exit()).as(checkpointed.out() + checkpointed.err()).isZero();
            assertThat(checkpointed.out()).contains("checkpoint " + checkpoint.get("sequence").asLong() + "'s root, signed by");
            ObjectNode forgedCheckpoint = checkpoint.deepCopy();
            ((ObjectNode) forgedCheckpoint.get("partitions").get(0)).put("size", forgedCheckpoint.get("partitions").get(0).get("size").asLong() + 1);
            Files.writeString(savedCheckpoint, forgedCheckpoint.toString());
            EngineersIT.Run forgedRun = EngineersIT.cli(env, "verify-proof", "--in", savedProof.toString(), "--checkpoint", savedCheckpoint.toString());
            assertThat(forgedRun.exit()).isEqualTo(1);
            assertThat(forgedRun.out()).contains("is not validly signed");
            // Kept append-only, also for the database's superuser.
            try (var c = TestInfrastructure.superuser(stack.env().get("LEDGER_JDBC_URL"))) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.createStatement().execute("UPDATE projection_audit.checkpoint SET at = now()"))
                        .hasMessageContaining("append-only");
            }
        }
    }
}
