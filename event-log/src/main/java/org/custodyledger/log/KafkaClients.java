package org.custodyledger.log;

import java.util.HashMap;
import java.util.Map;

/**
 * What every Kafka client of the ledger (ingest, projection, CLI) is given: the brokers, and how to
 * authenticate to a secured cluster, from the environment. Unset, the connection is plaintext (the
 * local stack's loopback broker).
 *
 * <ul>
 *   <li>{@code KAFKA_SECURITY_PROTOCOL}: {@code PLAINTEXT}, {@code SSL}, {@code SASL_SSL} or {@code SASL_PLAINTEXT}</li>
 *   <li>{@code KAFKA_SASL_MECHANISM} (default {@code SCRAM-SHA-512}), {@code KAFKA_SASL_USERNAME},
 *       {@code KAFKA_SASL_PASSWORD}, or a whole {@code KAFKA_SASL_JAAS_CONFIG}</li>
 *   <li>{@code KAFKA_SSL_TRUSTSTORE_LOCATION} (a PEM file or a key store),
 *       {@code KAFKA_SSL_TRUSTSTORE_TYPE}, {@code KAFKA_SSL_TRUSTSTORE_PASSWORD}; for client
 *       certificates {@code KAFKA_SSL_KEYSTORE_LOCATION}, {@code _TYPE}, {@code _PASSWORD}</li>
 * </ul>
 */
public final class KafkaClients {
    /** Every environment variable read here (a deployment may set these beside the services' own). */
    public static final java.util.List<String> VARIABLES = java.util.List.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
            "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD", "KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_LOCATION", "KAFKA_SSL_TRUSTSTORE_TYPE",
            "KAFKA_SSL_TRUSTSTORE_PASSWORD", "KAFKA_SSL_KEYSTORE_LOCATION", "KAFKA_SSL_KEYSTORE_TYPE", "KAFKA_SSL_KEYSTORE_PASSWORD");

    private KafkaClients() {
    }

    /** The bootstrap servers and the security settings of this process's environment. */
    public static Map<String, Object> config(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>(security(System.getenv()));
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }

    /** The client security settings that {@code env} asks for; a setting that cannot work is an error that says what to set. */
    public static Map<String, Object> security(Map<String, String> env) {
        Map<String, Object> config = new HashMap<>();
        String protocol = value(env, "KAFKA_SECURITY_PROTOCOL");
        if (protocol == null) {
            if (value(env, "KAFKA_SASL_USERNAME") != null || value(env, "KAFKA_SASL_JAAS_CONFIG") != null) {
                throw new IllegalArgumentException("KAFKA_SASL_* is set but KAFKA_SECURITY_PROTOCOL is not: set it to SASL_SSL (or SASL_PLAINTEXT)");
            }
            return config;
        }
        protocol = protocol.toUpperCase(java.util.Locale.ROOT);
        if (!java.util.Set.of("PLAINTEXT", "SSL", "SASL_SSL", "SASL_PLAINTEXT").contains(protocol)) {
            throw new IllegalArgumentException("KAFKA_SECURITY_PROTOCOL=" + protocol + " is not one of PLAINTEXT, SSL, SASL_SSL, SASL_PLAINTEXT");
        }
        config.put("security.protocol", protocol);
        if (protocol.startsWith("SASL_")) {
            String mechanism = value(env, "KAFKA_SASL_MECHANISM") == null ? "SCRAM-SHA-512" : value(env, "KAFKA_SASL_MECHANISM");
            config.put("sasl.mechanism", mechanism);
            String jaas = value(env, "KAFKA_SASL_JAAS_CONFIG");
            if (jaas == null) {
                String user = value(env, "KAFKA_SASL_USERNAME");
                String password = value(env, "KAFKA_SASL_PASSWORD");
                if (user == null || password == null) {
                    throw new IllegalArgumentException(protocol + " needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or KAFKA_SASL_JAAS_CONFIG)");
                }
                String module = switch (mechanism) {
                    case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
                    case "SCRAM-SHA-256", "SCRAM-SHA-512" -> "org.apache.kafka.common.security.scram.ScramLoginModule";
                    default -> throw new IllegalArgumentException("KAFKA_SASL_MECHANISM=" + mechanism
                            + " needs a KAFKA_SASL_JAAS_CONFIG (user and password are only turned into one for PLAIN and SCRAM)");
                };
                jaas = module + " required username=\"" + quoted(user) + "\" password=\"" + quoted(password) + "\";";
            }
            config.put("sasl.jaas.config", jaas);
        }
        if (protocol.endsWith("SSL")) {
            store(env, config, "TRUSTSTORE", "truststore");
            store(env, config, "KEYSTORE", "keystore");
        }
        return config;
    }

    private static void store(Map<String, String> env, Map<String, Object> config, String variable, String setting) {
        String location = value(env, "KAFKA_SSL_" + variable + "_LOCATION");
        if (location == null) {
            return; // the JVM's trusted authorities; no client certificate
        }
        config.put("ssl." + setting + ".location", location);
        String type = value(env, "KAFKA_SSL_" + variable + "_TYPE");
        config.put("ssl." + setting + ".type", type != null ? type : location.endsWith(".pem") ? "PEM" : location.endsWith(".p12") ? "PKCS12" : "JKS");
        String password = value(env, "KAFKA_SSL_" + variable + "_PASSWORD");
        if (password != null) {
            config.put("ssl." + setting + ".password", password);
        }
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** A JAAS option value: a quote or backslash in a password must not end it. */
    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
