package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.custodyledger.stack.StackProcess;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/** LEDGER_TLS_CERT and LEDGER_TLS_KEY (PEM, made here by openssl) put the packaged service on HTTPS with that certificate. */
class TlsIT {
    @Test
    void theServiceAnswersOverHttpsWithTheConfiguredCertificate() throws Exception {
        Path dir = Files.createTempDirectory("tls-");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
        assertThat(openssl.waitFor()).as(new String(openssl.getInputStream().readAllBytes())).isZero();

        TestInfrastructure.createTopic("tls_check", 1);
        int tlsPort = StackProcess.freePort();
        try (ServiceProcess projection = LedgerStack.startProjection(SeedCaseIT.ROOT, Map.of("LEDGER_TOPIC", "tls_check",
                "LEDGER_JDBC_URL", LedgerStack.createDatabase("tls_check"), "LEDGER_TLS_CERT", cert.toString(),
                "LEDGER_TLS_KEY", key.toString(), "PROJECTION_TLS_PORT", String.valueOf(tlsPort)), Map.of())) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            try (var in = Files.newInputStream(cert)) {
                trusted.setCertificateEntry("ledger", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            // Trusting only that certificate: an answer means the service presented it.
            HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
            // The plain port can answer ready a moment before the TLS port is bound.
            HttpResponse<String> health = null;
            for (int i = 0; i < 50 && health == null; i++) {
                try {
                    health = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + tlsPort + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                } catch (java.net.ConnectException notYet) {
                    Thread.sleep(200);
                }
            }
            assertThat(health).as("the TLS port accepts connections").isNotNull();
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            HttpResponse<String> custody = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + tlsPort + "/custody"))
                    .header("Authorization", ServiceProcess.bearer()).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(custody.statusCode()).as(custody.body()).isEqualTo(200);
            assertThat(custody.sslSession()).isPresent();
            assertThat(custody.sslSession().get().getProtocol()).startsWith("TLSv1.");
        }
    }
}
