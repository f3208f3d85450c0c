package org.custodyledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.audit.Ed25519;

/** The Ed25519 public keys a verification trusts: those given on the command line, else a service's published ones. */
final class TrustedKeys {
    private TrustedKeys() {
    }

    /**
     * @param given   {@code keyId=base64(X.509)} entries of {@code option}, or {@code @FILE}: a saved answer of the keys endpoint
     * @param keysUrl where the service publishes its keys ({"keys": [{"keyId", "publicKey"}]}), asked only if none are given
     */
    static Map<String, PublicKey> of(List<String> given, String option, String keysUrl) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (String entry : given) {
            if (entry.startsWith("@")) {
                // A saved answer of the keys endpoint: {"keys": [{"keyId", "publicKey"}]}.
                try {
                    for (JsonNode key : org.custodyledger.events.EventJson.mapper().readTree(java.nio.file.Path.of(entry.substring(1)).toFile()).path("keys")) {
                        keys.put(key.get("keyId").asText(), Ed25519.PublicKeys.publicKey(key.get("publicKey").asText()));
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    throw new CliException(2, option + " " + entry + ": not a saved answer of the keys endpoint (" + e.getMessage() + ")");
                }
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 1) {
                throw new CliException(2, option + " is keyId=base64(X.509 public key); not " + entry);
            }
            keys.put(entry.substring(0, eq), Ed25519.PublicKeys.publicKey(entry.substring(eq + 1)));
        }
        if (keys.isEmpty()) {
            for (JsonNode key : Http.ok(Http.get(keysUrl), "reading the keys at " + keysUrl).path("keys")) {
                keys.put(key.get("keyId").asText(), Ed25519.PublicKeys.publicKey(key.get("publicKey").asText()));
            }
        }
        return keys;
    }
}
