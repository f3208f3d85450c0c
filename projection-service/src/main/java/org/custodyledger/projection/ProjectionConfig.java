package org.custodyledger.projection;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Typed view of the {@code ledger.*} section of application.properties. */
@ConfigMapping(prefix = "ledger")
public interface ProjectionConfig {
    Topic topic();

    Projection projection();

    Dashboard dashboard();

    Checkpoints checkpoints();

    Stream stream();

    interface Stream {
        /** How often a comment goes to every /stream subscriber, so proxies that drop idle connections keep it open. */
        @io.smallrye.config.WithDefault("15S")
        Duration keepAlive();
    }

    /** The Ed25519 key the log's checkpoints are signed with, and how often one is made (see audit.Checkpoints). */
    interface Checkpoints {
        java.util.Optional<String> keyId();

        /** Base64 of the PKCS#8 private key. */
        java.util.Optional<String> privateKey();

        /** Base64 of the X.509 public key, served at /audit/checkpoint-keys. */
        java.util.Optional<String> publicKey();

        /** Earlier keys still served at /audit/checkpoint-keys after a rotation: keyId=base64(X.509), comma-separated. */
        java.util.Optional<String> previousKeys();

        /** How often the trees are checked for new records and, if there are any, a checkpoint is signed. */
        @io.smallrye.config.WithDefault("60S")
        Duration every();

        /**
         * How often a checkpoint also carries the read models' digest, computed in the trees' snapshot
         * (it reads every read model: minutes at a million events, so not with every checkpoint).
         */
        @io.smallrye.config.WithDefault("1H")
        Duration digestEvery();

        /**
         * Whether the log's Merkle trees are kept (default true). Off only to measure their cost
         * (bench): then trees read incomplete, and nothing is checkpointed or attested.
         */
        @io.smallrye.config.WithDefault("true")
        boolean trees();
    }

    /** The dashboard's sign-in (README, "Security"). */
    interface Dashboard {
        /** The OpenID Connect issuer the browser signs in with (its discovery document is read from there). */
        java.util.Optional<String> issuer();

        @io.smallrye.config.WithDefault("ledger-dashboard")
        String clientId();

        @io.smallrye.config.WithDefault("openid")
        String scope();
    }

    interface Topic {
        String name();

        /** Of the dead-letter topic, which the projection creates. */
        @io.smallrye.config.WithDefault("1")
        short replicationFactor();

        java.util.Optional<Integer> minInsyncReplicas();
    }

    interface Projection {
        int maxPollRecords();

        Duration consistencyWait();

        /** How long a read may wait for PostgreSQL before it is answered 503. */
        @io.smallrye.config.WithDefault("5S")
        Duration readTimeout();

        /** Rows of a facility's history read per query when checking its population (memory stays one page). */
        @io.smallrye.config.WithDefault("10000")
        int historyPage();

        /** How long the position may stand still while the log has records past it before the projection is "stalled" (not ready). */
        @io.smallrye.config.WithDefault("60S")
        Duration stallAfter();

        /**
         * The keys whose record signatures the projection trusts, {@code keyId=base64(key)}
         * separated by commas (several while keys rotate); records signed otherwise, or not at
         * all, go to the DLQ. Required.
         */
        java.util.Optional<String> verifyKeys();
    }
}
