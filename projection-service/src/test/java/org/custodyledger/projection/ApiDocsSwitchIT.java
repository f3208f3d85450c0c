package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * The packaged service as deployed: no API document or Swagger UI unless LEDGER_API_DOCS=true,
 * and the metrics only for the operations roles, whatever the switch says.
 */
class ApiDocsSwitchIT {
    @Test
    void apiDocsAreOffByDefaultAndBehindTheOperationsRolesWhenOn() throws Exception {
        TestInfrastructure.createTopic("api_docs", 1);
        Map<String, String> env = Map.of("LEDGER_TOPIC", "api_docs", "LEDGER_JDBC_URL", LedgerStack.createDatabase("api_docs"));
        try (ServiceProcess projection = LedgerStack.startProjection(SeedCaseIT.ROOT, env, Map.of())) {
            assertThat(ServiceProcess.get(projection.url("/q/openapi")).statusCode()).as("off by default").isEqualTo(404);
            assertThat(ServiceProcess.get(projection.url("/q/swagger-ui/")).statusCode()).as("off by default").isEqualTo(404);
            assertThat(ServiceProcess.get(projection.url("/q/metrics")).statusCode()).isEqualTo(200);
            assertThat(anonymous(projection.url("/q/metrics"))).isEqualTo(401);
        }
        try (ServiceProcess projection = LedgerStack.startProjection(SeedCaseIT.ROOT, env, Map.of("LEDGER_API_DOCS", "true"))) {
            HttpResponse<String> doc = ServiceProcess.get(projection.url("/q/openapi?format=json"));
            assertThat(doc.statusCode()).isEqualTo(200);
            assertThat(doc.body()).contains("\"/custody\"");
            assertThat(anonymous(projection.url("/q/openapi"))).isEqualTo(401);
            String viewer = "Bearer " + TestInfrastructure.issuer().token("test:viewer", "viewer", java.util.List.of("viewer"), java.time.Duration.ofMinutes(5));
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(projection.url("/q/openapi"))).header("Authorization", viewer).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).as("a viewer is not an operations role").isEqualTo(403);
        }
    }

    private static int anonymous(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
