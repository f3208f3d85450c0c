package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.custodyledger.testing.Promtool;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * What operators alert on, checked by Prometheus's own promtool: deploy/monitoring/alerts.yaml
 * parses and its alerts fire when they should. (The services' /q/metrics are linted with promtool
 * in ContractIT, on its seeded stack.)
 */
class MonitoringIT {
    private static final Path MONITORING = Path.of("..", "deploy", "monitoring");
    static final Pattern HELP = Pattern.compile("^# HELP (ledger_\\S+) ?(.*)$", Pattern.MULTILINE);

    static String metrics(ServiceProcess service, String accept) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url("/q/metrics")))
                .header("Accept", accept).header("Authorization", "Bearer " + TestInfrastructure.token()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    @Test
    void theAlertRulesParseAndFireWhenTheyShouldAndTheirTestsAreNotVacuous() throws Exception {
        Promtool.Run check = Promtool.run(MONITORING, null, "check", "rules", "alerts.yaml");
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 7 rules found");
        Promtool.Run tests = Promtool.run(MONITORING, null, "test", "rules", "alerts.test.yaml");
        assertThat(tests.exit()).as(tests.output()).isZero();
        assertThat(tests.output()).contains("SUCCESS");
        // The same tests against rules with one threshold raised fail: they test something.
        Path copy = Files.createTempDirectory("rules");
        Files.writeString(copy.resolve("alerts.yaml"), Files.readString(MONITORING.resolve("alerts.yaml"))
                .replace("(ledger_projection_log_gap_records) > 0", "(ledger_projection_log_gap_records) > 100"));
        Files.copy(MONITORING.resolve("alerts.test.yaml"), copy.resolve("alerts.test.yaml"));
        Promtool.Run broken = Promtool.run(copy, null, "test", "rules", "alerts.test.yaml");
        assertThat(broken.exit()).isNotZero();
        assertThat(broken.output()).contains("FAILED", "LedgerLogGap");
    }
}
