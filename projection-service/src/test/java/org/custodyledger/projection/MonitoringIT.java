package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.Promtool;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.SharedFixtures;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * What operators alert on, checked by Prometheus's own promtool: both services' /q/metrics lint
 * clean, every ledger metric says what it measures, the projection's position and lag are there
 * per partition; and deploy/monitoring/alerts.yaml parses and its alerts fire when they should.
 */
class MonitoringIT {
    private static final Path MONITORING = Path.of("..", "deploy", "monitoring");
    private static final Pattern HELP = Pattern.compile("^# HELP (ledger_\\S+) ?(.*)$", Pattern.MULTILINE);

    static String metrics(ServiceProcess service, String accept) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url("/q/metrics")))
                .header("Accept", accept).header("Authorization", "Bearer " + TestInfrastructure.token()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    @Test
    void bothServicesMetricsLintCleanAndSayWhatTheyMeasure() throws Exception {
        try (LedgerStack stack = LedgerStack.fresh(SeedCaseIT.ROOT, "monitoring", Map.of())) {
            assertThat(ServiceProcess.post(stack.ingest().url("/events/batch"), "application/x-ndjson", SharedFixtures.seedNdjson()).statusCode())
                    .isEqualTo(201);
            assertThat(ServiceProcess.post(stack.ingest().url("/events"), "application/json", "{\"type\":\"Nope\"}").statusCode()).isEqualTo(400);
            String projection = "";
            // Wait until the projection has applied records, not just registered its gauges.
            Pattern applied = Pattern.compile("ledger_projection_position\\{[^}]*partition=\"\\d\"[^}]*} [1-9]");
            for (int i = 0; i < 150 && !applied.matcher(projection).find(); i++) {
                Thread.sleep(200);
                projection = metrics(stack.projection(), "text/plain");
            }
            for (ServiceProcess service : new ServiceProcess[] {stack.ingest(), stack.projection()}) {
                // What curl gets (Accept: */*) and what Prometheus asks for.
                for (String accept : new String[] {"*/*", "text/plain;version=0.0.4"}) {
                    String text = metrics(service, accept);
                    Promtool.Run lint = Promtool.run(Path.of("."), text, "check", "metrics");
                    java.util.regex.Matcher at = Pattern.compile("line (\\d+)").matcher(lint.output());
                    String line = at.find() ? text.lines().skip(Long.parseLong(at.group(1)) - 1).findFirst().orElse("") : "";
                    assertThat(lint.exit()).as(service.url("/q/metrics") + " " + accept + ": " + lint.output() + " at: " + line).isZero();
                    assertThat(lint.output()).as(service + " " + accept).isBlank();
                }
                String text = metrics(service, "text/plain");
                Matcher help = HELP.matcher(text);
                int described = 0;
                while (help.find()) {
                    assertThat(help.group(2)).as("HELP of " + help.group(1)).isNotBlank();
                    described++;
                }
                assertThat(described).isGreaterThan(3);
            }
            assertThat(projection).containsPattern("ledger_projection_position\\{[^}]*partition=\"\\d\"[^}]*} [1-9]")
                    .containsPattern("ledger_projection_lag_records\\{[^}]*partition=\"\\d\"")
                    .contains("ledger_projection_idle_seconds", "ledger_projection_dead_letters_total", "ledger_replay_events_expected")
                    .doesNotContain("ledger_replay_events_total");
            assertThat(metrics(stack.ingest(), "text/plain")).containsPattern("ledger_events_accepted_total\\{[^}]*type=\"TransferInitiated\"[^}]*} 23")
                    .containsPattern("ledger_events_rejected_total\\{[^}]*reason=\"invalid\"");
        }
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
