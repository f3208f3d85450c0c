package org.custodyledger.projection;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.custodyledger.audit.Ed25519;

/**
 * The projection's Ed25519 key: it signs checkpoints of the log and attestations of answers.
 * The projection does not start without it.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class ProjectionKey {
    private final Ed25519.SigningKey key;
    private final Map<String, String> publicKeys;

    ProjectionKey(ProjectionConfig config) {
        ProjectionConfig.Checkpoints keys = config.checkpoints();
        if (keys.keyId().isEmpty() || keys.privateKey().isEmpty() || keys.publicKey().isEmpty()) {
            throw new IllegalStateException("the projection signs checkpoints of the log: set LEDGER_CHECKPOINT_KEY_ID, LEDGER_CHECKPOINT_KEY "
                    + "(base64 PKCS#8) and LEDGER_CHECKPOINT_PUBLIC_KEY (base64 X.509) of an Ed25519 key pair (./ledger up makes one "
                    + "under .ledger/issuer). See README, \"Verifying the ledger\".");
        }
        key = Ed25519.SigningKey.of(keys.keyId().get(), keys.privateKey().get());
        publicKeys = Ed25519.PublicKeys.published(keys.keyId().get(), keys.publicKey().get(), "LEDGER_CHECKPOINT_PREVIOUS_KEYS",
                keys.previousKeys().orElse(""));
    }

    public Ed25519.SigningKey signing() {
        return key;
    }

    /** Key id to base64 X.509 public key: the current key, then earlier ones (LEDGER_CHECKPOINT_PREVIOUS_KEYS). */
    public Map<String, String> publicKeys() {
        return publicKeys;
    }
}
