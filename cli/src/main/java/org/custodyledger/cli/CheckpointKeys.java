package org.custodyledger.cli;

import java.util.ArrayList;
import java.util.List;
import org.custodyledger.audit.Ed25519;
import picocli.CommandLine.Option;

/** The checkpoint keys a verifying command trusts: {@code --checkpoint-key}, else the projection's published ones. */
final class CheckpointKeys {
    @Option(names = "--checkpoint-key", description = "a checkpoint public key to trust, keyId=base64(X.509), or @FILE with a saved "
            + "answer of GET /audit/checkpoint-keys (repeatable); default: the projection's GET /audit/checkpoint-keys")
    List<String> given = new ArrayList<>();

    Ed25519.PublicKeys trusted(LedgerCli cli) {
        return new Ed25519.PublicKeys(TrustedKeys.of(given, "--checkpoint-key", cli.projection + "/audit/checkpoint-keys"));
    }
}
