package org.custodyledger.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
    @Test
    void withNothingSetTheConnectionIsPlaintext() {
        assertThat(KafkaClients.security(Map.of())).isEmpty();
    }

    @Test
    void scramOverTlsFromUserAndPasswordWithTheClusterAuthorityInAPemFile() {
        Map<String, Object> config = KafkaClients.security(Map.of("KAFKA_SECURITY_PROTOCOL", "sasl_ssl", "KAFKA_SASL_USERNAME", "ingest",
                "KAFKA_SASL_PASSWORD", "pa\"ss\\word", "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/ca.pem"));
        assertThat(config).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"ingest\" password=\"pa\\\"ss\\\\word\";")
                .containsEntry("ssl.truststore.location", "/etc/kafka/ca.pem").containsEntry("ssl.truststore.type", "PEM")
                .doesNotContainKey("ssl.keystore.location");
    }

    @Test
    void mutualTlsWithAClientKeyStore() {
        Map<String, Object> config = KafkaClients.security(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL",
                "KAFKA_SSL_KEYSTORE_LOCATION", "/etc/kafka/ingest.p12", "KAFKA_SSL_KEYSTORE_PASSWORD", "secret"));
        assertThat(config).containsEntry("security.protocol", "SSL").containsEntry("ssl.keystore.type", "PKCS12")
                .containsEntry("ssl.keystore.password", "secret").doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void settingsThatCannotWorkSayWhatToSet() {
        assertThatThrownBy(() -> KafkaClients.security(Map.of("KAFKA_SASL_USERNAME", "ingest")))
                .hasMessageContaining("KAFKA_SECURITY_PROTOCOL is not");
        assertThatThrownBy(() -> KafkaClients.security(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_USERNAME", "ingest")))
                .hasMessageContaining("KAFKA_SASL_PASSWORD");
        assertThatThrownBy(() -> KafkaClients.security(Map.of("KAFKA_SECURITY_PROTOCOL", "TLS")))
                .hasMessageContaining("not one of");
        assertThatThrownBy(() -> KafkaClients.security(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "OAUTHBEARER",
                "KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", "p"))).hasMessageContaining("KAFKA_SASL_JAAS_CONFIG");
    }
}
