package org.custodyledger.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * /stream read by the browser's own EventSource (the WHATWG client, not ours): it stays open
 * through an idle period of keep-alive comments, delivers change events, and when the projection
 * goes away and comes back it reconnects by itself after the server's retry and sends
 * Last-Event-ID, which the new process answers with a reset (it cannot replay another process's
 * notices). The bearer token is added by the browser to every request (DevTools), as EventSource
 * itself cannot send one.
 */
class EventSourceIT {
    private static final String LISTEN = "window.seen = []; window.opens = 0; window.errors = 0;"
            + "const source = new EventSource('/stream'); window.source = source;"
            + "source.onopen = () => window.opens++; source.onerror = () => window.errors++;"
            + "for (const name of ['change', 'reset']) source.addEventListener(name, e => window.seen.push({name: name, id: e.lastEventId}));";

    @Test
    void aRealEventSourceStaysOpenWhenIdleAndReconnectsWithLastEventId() throws Exception {
        assertThat(DashboardIT.CHROMIUM).as("Debian chromium (./ledger test installs it)").exists();
        Map<String, String> extra = Map.of("LEDGER_STREAM_KEEP_ALIVE", "1S");
        try (LedgerStack stack = LedgerStack.fresh(Path.of(".."), "event_source", extra)) {
            ChromeDriver browser = (ChromeDriver) DashboardIT.browser();
            ServiceProcess projection = stack.projection();
            try {
                browser.executeCdpCommand("Network.enable", Map.of());
                browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", ServiceProcess.bearer())));
                browser.get(projection.url("/favicon.svg"));
                JavascriptExecutor page = browser;
                page.executeScript(LISTEN);
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                wait.until(d -> number(page, "window.opens") == 1);

                assertThat(ServiceProcess.post(stack.ingest().url("/events/batch"), "application/x-ndjson", SharedFixtures.seedNdjson()).statusCode())
                        .isEqualTo(201);
                wait.until(d -> names(page).contains("change"));

                // Idle: only keep-alive comments for a while; the connection stays open and nothing is dispatched.
                int before = names(page).size();
                Thread.sleep(6_000);
                assertThat(number(page, "window.source.readyState")).as("OPEN after an idle period").isEqualTo(1);
                assertThat(number(page, "window.errors")).isZero();
                assertThat(number(page, "window.opens")).isEqualTo(1);
                assertThat(names(page)).hasSize(before);

                // The projection goes away and comes back on the same address: the browser reconnects by itself.
                int port = projection.port();
                projection.close();
                wait.until(d -> number(page, "window.errors") >= 1);
                Map<String, String> env = new HashMap<>(stack.env());
                env.putAll(extra);
                projection = ServiceProcess.start(Path.of("..").resolve("projection-service/target/quarkus-app/quarkus-run.jar"),
                        "PROJECTION_PORT", port, env, true);
                new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> number(page, "window.opens") == 2);
                // It sent Last-Event-ID (the id of the last change it had), which a new process answers with a reset.
                wait.until(d -> names(page).contains("reset"));
                String event = "{\"type\":\"CustodianChanged\",\"occurredAt\":\"2026-03-01T00:00:00Z\","
                        + "\"data\":{\"facilityId\":\"iraq-federal-prisons\",\"custodian\":\"Iraqi Ministry of Justice\"}}";
                int seen = names(page).size();
                assertThat(ServiceProcess.post(stack.ingest().url("/events"), "application/json", event).statusCode()).isEqualTo(201);
                wait.until(d -> names(page).size() > seen && names(page).get(names(page).size() - 1).equals("change"));
            } finally {
                browser.quit();
                projection.close();
            }
        }
    }

    private static long number(JavascriptExecutor page, String expression) {
        return ((Number) page.executeScript("return " + expression + ";")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(JavascriptExecutor page) {
        return (List<String>) page.executeScript("return window.seen.map(e => e.name);");
    }
}
