package org.custodyledger.ingest;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.custodyledger.audit.SignedReceipt;

/**
 * Signs the receipt of every event an answer reports (see {@link SignedReceipt}), and knows the
 * public keys receipts are checked with. Ingest does not start without its key.
 */
@Startup
@ApplicationScoped
public class Receipts {
    private final SignedReceipt.Signer signer;
    private final Map<String, String> publicKeys = new LinkedHashMap<>();

    Receipts(LedgerConfig config) {
        LedgerConfig.Receipts keys = config.receipts();
        if (keys.keyId().isEmpty() || keys.privateKey().isEmpty() || keys.publicKey().isEmpty()) {
            throw new IllegalStateException("ingest signs a receipt for every event it accepts: set LEDGER_RECEIPT_KEY_ID, "
                    + "LEDGER_RECEIPT_KEY (base64 PKCS#8) and LEDGER_RECEIPT_PUBLIC_KEY (base64 X.509) of an Ed25519 key pair "
                    + "(./ledger up makes one under .ledger/issuer). See README, \"Verifying the ledger\".");
        }
        signer = SignedReceipt.Signer.of(keys.keyId().get(), keys.privateKey().get());
        publicKeys.putAll(org.custodyledger.audit.Ed25519.PublicKeys.published(keys.keyId().get(), keys.publicKey().get(),
                "LEDGER_RECEIPT_PREVIOUS_KEYS", keys.previousKeys().orElse("")));
    }

    /** The receipt of an event in the log, or null where the answer cannot vouch for the record (see {@link AppendedEvent}). */
    SignedReceipt of(AppendedEvent event) {
        if (event.partition() < 0 || event.recordSha256() == null || event.recordedBy() == null) {
            return null;
        }
        return signer.sign(event.eventId(), event.partition(), event.offset(), event.recordSha256(), event.recordedAt(), event.recordedBy());
    }

    /** Key id to base64 X.509 public key, the current key first. */
    Map<String, String> publicKeys() {
        return publicKeys;
    }
}
