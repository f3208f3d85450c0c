package org.custodyledger.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed view of the {@code ledger.*} section of application.properties. */
@ConfigMapping(prefix = "ledger")
public interface LedgerConfig {
    Topic topic();

    Ingest ingest();

    Signing signing();

    Receipts receipts();

    /** The Ed25519 key ingest signs receipts with (see SignedReceipt); key id, private and public key required. */
    interface Receipts {
        java.util.Optional<String> keyId();

        /** Base64 of the PKCS#8 private key. */
        java.util.Optional<String> privateKey();

        /** Base64 of the X.509 public key, served at /audit/keys. */
        java.util.Optional<String> publicKey();

        /** Keys of receipts signed before a rotation, {@code keyId=base64(X.509)} separated by commas; served too. */
        java.util.Optional<String> previousKeys();
    }

    /** The key ingest signs every record with (see RecordSignatures); both required. */
    interface Signing {
        java.util.Optional<String> keyId();

        /** Base64 of at least 32 random bytes (HMAC-SHA256). */
        java.util.Optional<String> privateKey();
    }

    interface Topic {
        /** The one topic that holds the event log. */
        String name();

        @WithDefault("6")
        int partitions();

        @WithDefault("1")
        short replicationFactor();

        /** Replicas that must have an append before it is acknowledged; default min(2, replicationFactor). */
        java.util.Optional<Integer> minInsyncReplicas();
    }

    interface Ingest {
        int maxEventBytes();

        int maxBatchBytes();

        int maxBatchEvents();

        /**
         * Names this instance's Kafka transactional ids; must be stable across its restarts and
         * distinct between instances (for example the pod name). Default: host and HTTP port.
         */
        java.util.Optional<String> instanceId();

        /**
         * How long a request (one event or a batch) may take: one that is not appended by then is
         * withdrawn before its commit and answered 503 (nothing appended).
         */
        @WithDefault("4S")
        java.time.Duration requestTimeout();

        /** What a 503 asks the client to wait before retrying. */
        @WithDefault("5")
        int retryAfterSeconds();
    }
}
