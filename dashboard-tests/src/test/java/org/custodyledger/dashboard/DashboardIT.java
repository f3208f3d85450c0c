package org.custodyledger.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.LogReader;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.TestInfrastructure;
import org.custodyledger.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against the packaged services on a real broker and
 * database: the seed case at a glance, live updates without a reload, the time control, and
 * strings from events shown as text, never run.
 */
class DashboardIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SIGN_IN_PASSWORD = "dash-local-password";
    static final String XSS_QUOTE = "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\">";

    @Test
    void theDashboardShowsTheSeedCaseUpdatesLiveAndTravelsInTime() throws Exception {
        assertThat(CHROMIUM).as("Debian chromium (./ledger test installs it: apt-get install chromium chromium-driver)").exists();
        assertThat(CHROMEDRIVER).as("Debian chromium-driver").exists();
        int signInPort = org.custodyledger.stack.StackProcess.freePort();
        String signInUrl = "http://localhost:" + signInPort;
        try (LedgerStack stack = LedgerStack.fresh(Path.of(".."), "dashboard", Map.of("LEDGER_DASHBOARD_ISSUER", signInUrl, "LEDGER_CHECKPOINT_EVERY", "1S"))) {
            ServiceProcess ingest = stack.ingest();
            ServiceProcess projection = stack.projection();
            assertThat(ServiceProcess.post(ingest.url("/events/batch"), "application/x-ndjson", SharedFixtures.seedNdjson()).statusCode()).isEqualTo(201);
            String xss = "{\"type\":\"StatementRecorded\",\"occurredAt\":\"2026-02-20T00:00:00Z\",\"data\":{\"statementId\":\"S-xss\",\"speaker\":\"<b>bold</b>\","
                    + "\"organization\":\"Test\",\"quote\":" + JSON.writeValueAsString(XSS_QUOTE)
                    + ",\"claims\":[{\"metric\":\"HELD\",\"country\":\"IQ\",\"qualifier\":\"AT_LEAST\",\"value\":1}]}}";
            String token = JSON.readTree(ServiceProcess.post(ingest.url("/events"), "application/json", xss).body()).get("consistencyToken").asText();
            assertThat(ServiceProcess.get(projection.url("/statements?consistencyToken=" + token)).statusCode()).isEqualTo(200);

            ChromeDriver browser = browser();
            // The local stack's sign-in, trusting the tests' issuer key, for the dashboard of this stack only.
            try (var signIn = new org.custodyledger.stack.LocalSignIn(TestInfrastructure.issuer(), SIGN_IN_PASSWORD, signInPort,
                    java.util.Set.of(projection.url("").replaceAll("/$", "")))) {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                // Not signed in: the sign-in form, and nothing of the ledger.
                browser.get(projection.url("/"));
                wait.until(d -> d.findElement(By.id("signin")).isDisplayed());
                assertThat(browser.findElement(By.id("ledger")).isDisplayed()).isFalse();
                assertThat(browser.findElements(By.cssSelector("#facilities tbody tr, [data-statement], [data-operation]"))).isEmpty();
                // A token that is not valid here is refused, and the form comes back.
                browser.findElement(By.id("token-input")).sendKeys("not.a.token");
                browser.findElement(By.id("token-input")).sendKeys(Keys.ENTER);
                wait.until(d -> d.findElement(By.id("signin")).isDisplayed() && text(d, "#status").contains("sign in again"));

                // Signing in with the issuer: the authorization code flow with PKCE, on the issuer's page.
                wait.until(d -> d.findElement(By.id("signin-issuer")).isDisplayed());
                browser.findElement(By.id("signin-issuer")).click();
                wait.until(d -> !d.findElements(By.id("password")).isEmpty());
                assertThat(browser.getCurrentUrl()).startsWith(signIn.url() + "/authorize?").contains("code_challenge_method=S256")
                        .contains("client_id=ledger-dashboard").doesNotContain("code_verifier");
                browser.findElement(By.id("name")).sendKeys("Dash Viewer");
                browser.findElement(By.id("password")).sendKeys("not-the-password");
                browser.findElement(By.id("sign-in")).click();
                wait.until(d -> !d.findElements(By.id("error")).isEmpty());
                browser.findElement(By.id("password")).sendKeys(SIGN_IN_PASSWORD);
                browser.findElement(By.id("sign-in")).click();
                wait.until(d -> text(d, "#status").startsWith("Live") && !d.findElements(By.cssSelector("[data-statement='S-xss']")).isEmpty());
                assertThat(browser.getCurrentUrl()).as("the code is out of the address bar").isEqualTo(projection.url("/"));
                String issued = String.valueOf(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('ledger-token')"));
                JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(issued.split("\\.")[1]));
                assertThat(claims.get("name").asText()).isEqualTo("Dash Viewer");
                assertThat(claims.get("azp").asText()).isEqualTo("ledger-dashboard");
                assertThat(claims.get("groups").toString()).isEqualTo("[\"viewer\"]");
                assertThat(text(browser, "[data-operation] .received b")).isNotEmpty();
                // The footer: the newest signed checkpoint, its signature checked in the page.
                wait.until(d -> text(d, "#checkpoint").startsWith("Checkpoint "));
                assertThat(text(browser, "#checkpoint")).contains("of dashboard:", "signature valid");
                // Each operation and facility links to its audit trail.
                click(browser, "[data-history='operations/op-syria-iraq-2026']");
                wait.until(d -> d.findElement(By.id("history")).isDisplayed() && !d.findElements(By.cssSelector("#history-events tbody tr")).isEmpty());
                assertThat(text(browser, "#history-of")).contains("op-syria-iraq-2026");
                assertThat(browser.findElements(By.cssSelector("#history-events tbody tr"))).hasSizeGreaterThanOrEqualTo(47);
                assertThat(text(browser, "#history-events tbody tr:first-child")).contains("OperationPlanned");
                browser.findElement(By.id("signout")).click();
                wait.until(d -> d.findElement(By.id("signin")).isDisplayed());
                assertThat(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('ledger-token')")).isNull();

                // The sign-in link ./ledger up prints: a viewer's token in the fragment, which the page
                // keeps for this tab and takes out of the address bar.
                String viewer = TestInfrastructure.issuer().token("test:dash-viewer", "dash-viewer", List.of("viewer"), Duration.ofHours(1));
                browser.get(projection.url("/#token=" + viewer));
                wait.until(d -> text(d, "#status").startsWith("Live") && !d.findElements(By.cssSelector("[data-statement='S-xss']")).isEmpty());
                JsonNode expected = JSON.readTree(SharedFixtures.expectedJson());
                JsonNode op = expected.get("operation");
                String operation = "[data-operation='" + op.get("operationId").asText() + "'] ";
                assertThat(text(browser, operation + ".planned b")).isEqualTo(number(op.get("plannedMax")));
                assertThat(text(browser, operation + ".initiated b")).isEqualTo(number(op.get("initiated")));
                assertThat(text(browser, operation + ".received b")).isEqualTo(number(op.get("received")));
                assertThat(text(browser, operation + ".in-transit b")).isEqualTo(number(op.get("inTransit")));
                assertThat(text(browser, operation + ".lost b")).isEqualTo(number(op.get("lost")));
                assertThat(text(browser, operation + ".cancelled b")).isEqualTo(number(op.get("cancelled")));
                expected.get("facilities").fields().forEachRemaining(f -> {
                    String row = "[data-facility='" + f.getKey() + "'] ";
                    assertThat(text(browser, row + ".population")).isEqualTo("unknown");
                    assertThat(text(browser, row + ".net-change")).isEqualTo(number(f.getValue().get("netChange")));
                });
                expected.get("reconciliation").fields().forEachRemaining(v ->
                        assertThat(text(browser, "[data-statement='" + v.getKey() + "'] .verdict")).isEqualTo(v.getValue().asText()));

                // A claim's evidence: CENTCOM's "more than 5,700" is the operation's 23 completions.
                click(browser, "[data-evidence='S-centcom/0']");
                wait.until(d -> d.findElement(By.id("evidence")).isDisplayed() && d.findElements(By.cssSelector("#evidence-items tbody tr")).size() == 23);
                long evidenced = browser.findElements(By.cssSelector("#evidence-items tbody .count")).stream()
                        .mapToLong(c -> Long.parseLong(c.getText().replace(",", ""))).sum();
                assertThat(evidenced).isEqualTo(op.get("received").asLong());
                assertThat(text(browser, "#evidence-claim")).startsWith("ledger: 5704 received in operation op-syria-iraq-2026");

                // Strings from events are text: the quote shows its markup, and nothing in it ran.
                assertThat(text(browser, "[data-statement='S-xss'] .quote")).isEqualTo(XSS_QUOTE);
                assertThat(text(browser, "[data-statement='S-xss'] strong")).isEqualTo("<b>bold</b>");
                // Who recorded it: the name, subject and client of the token ingest took it with.
                assertThat(text(browser, "[data-statement='S-xss'] .recorded-by")).startsWith("recorded by test-suite <test:suite> via ledger-local at 20");
                assertThat(((JavascriptExecutor) browser).executeScript("return window.__xss === undefined")).isEqualTo(true);
                assertThat(browser.findElements(By.cssSelector("#statements img, #statements script"))).isEmpty();
                screenshot(browser, "dashboard.png");

                // A new event appears without a reload.
                ((JavascriptExecutor) browser).executeScript("window.__samePage = true");
                assertThat(ServiceProcess.post(ingest.url("/events"), "application/json",
                        "{\"type\":\"CensusRecorded\",\"occurredAt\":\"2026-03-01T00:00:00Z\",\"data\":{\"facilityId\":\"ne-syria-detention-centers\",\"population\":6000}}")
                        .statusCode()).isEqualTo(201);
                wait.until(d -> text(d, "[data-facility='ne-syria-detention-centers'] .population").equals("6,000"));
                assertThat(((JavascriptExecutor) browser).executeScript("return window.__samePage === true")).isEqualTo(true);

                // The repatriation sample: Iraqi prisons by nationality, the flows out of Iraq, one nationality's.
                assertThat(ServiceProcess.post(ingest.url("/events/batch"), "application/x-ndjson", org.custodyledger.testing.Samples.repatriationNdjson())
                        .statusCode()).isEqualTo(201);
                JsonNode sample = JSON.readTree(org.custodyledger.testing.Samples.repatriationExpected());
                choose(browser, "breakdown-by", "facilities");
                wait.until(d -> text(d, "[data-line='iraq-federal-prisons/adult/SY'] .population").equals("1,200"));
                JsonNode iraqLines = sample.get("facilities").get("iraq-federal-prisons").get("lines");
                assertThat(text(browser, "[data-line='iraq-federal-prisons/adult/IQ'] .population")).isEqualTo(number(iraqLines.get("adult/IQ").get("population")));
                assertThat(text(browser, "[data-line='iraq-federal-prisons/adult/TN'] .net-change")).isEqualTo(number(iraqLines.get("adult/TN").get("netChange")));
                assertThat(text(browser, "[data-line='tn-custody/adult/TN'] .population")).isEqualTo("unknown");
                wait.until(d -> text(d, "[data-flow='IQ>FR'] .received").equals("150"));
                // Iraqi prisons over time: known from the census on, 4,904 now (the sample's figure).
                choose(browser, "series-place", "facility:iraq-federal-prisons");
                wait.until(d -> String.valueOf(((JavascriptExecutor) d).executeScript(
                        "const s = document.querySelector('#series-chart svg'); return s ? s.getAttribute('aria-label') : ''")).startsWith("population "
                        + number(sample.get("facilities").get("iraq-federal-prisons").get("population"))));
                assertThat(browser.findElements(By.cssSelector("#series-chart polyline.received"))).hasSize(1);
                assertThat(browser.findElements(By.cssSelector("#series-chart rect.departures"))).as("repatriation departures per step").isNotEmpty();
                // In: the operation's 5,704 and the 300 back from the cancelled transfer to Russia; out: the 1,100 the repatriation sent.
                assertThat(text(browser, "#series-caption")).contains("6,004 arrived, " + number(sample.get("operation").get("initiated")) + " left");
                // The repatriation operation step by step: 1,100 sent, 598 received.
                choose(browser, "series-place", "operation:op-repatriation-2026");
                wait.until(d -> String.valueOf(((JavascriptExecutor) d).executeScript(
                        "const s = document.querySelector('#series-chart svg'); return s ? s.getAttribute('aria-label') : ''")).startsWith("received "
                        + number(sample.get("operation").get("received")) + ", sent " + number(sample.get("operation").get("initiated"))));
                // A custodian: Tunisia's government received 198.
                choose(browser, "series-place", "custodian:Government of Tunisia");
                wait.until(d -> text(d, "#series-caption").contains("198 arrived, 0 left"));
                choose(browser, "series-place", "facility:iraq-federal-prisons");
                // Its Syrian nationals over time: 1,200 since the census.
                choose(browser, "series-nationality", "SY");
                wait.until(d -> text(d, "#series-caption").contains("nationals of SY") && String.valueOf(((JavascriptExecutor) d).executeScript(
                        "return document.querySelector('#series-chart svg').getAttribute('aria-label')")).startsWith("population 1,200"));
                // Before the nationality filter, the map's arcs: Syria to Iraq and the four repatriations (Russia's cancelled).
                wait.until(d -> d.findElements(By.cssSelector("#map svg path.route")).size() == 5);
                assertThat(browser.findElements(By.cssSelector("#map svg path.route.cancelled"))).extracting(e -> e.getAttribute("data-map-flow"))
                        .containsExactly("iraq-federal-prisons>ru-custody");
                choose(browser, "flows-nationality", "TN");
                wait.until(d -> d.findElements(By.cssSelector("[data-flow='IQ>FR']")).isEmpty());
                JsonNode tunisians = sample.get("flows").get("nationality_TN").get(0);
                assertThat(text(browser, "[data-flow='IQ>TN'] .received")).isEqualTo(number(tunisians.get("received")));
                assertThat(text(browser, "#flows-caption")).contains("nationals of TN");
                assertThat(browser.findElements(By.cssSelector("#flows-diagram svg path.band"))).hasSize(1);
                // The map: every facility the sample locates, and the Tunisians' one arc, Iraqi prisons to Tunisia.
                wait.until(d -> d.findElements(By.cssSelector("#map svg path.route")).size() == 1);
                assertThat(browser.findElements(By.cssSelector("#map svg [data-map-flow='iraq-federal-prisons>tn-custody']"))).hasSize(1);
                List<String> located = new ArrayList<>();
                sample.get("locations").fieldNames().forEachRemaining(located::add);
                assertThat(browser.findElements(By.cssSelector("#map svg circle.place"))).extracting(e -> e.getAttribute("data-facility"))
                        .containsExactlyInAnyOrderElementsOf(located);
                assertThat(browser.findElements(By.cssSelector("#map svg path.land"))).as("country outlines").hasSizeGreaterThan(10);
                assertThat(text(browser, "#map-caption")).startsWith(located.size() + " of ");
                // A panel's CSV, downloaded as a user would: the button, the browser's download.
                Path downloads = Files.createTempDirectory("downloads");
                browser.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
                click(browser, "button[data-download='/breakdowns']");
                Path csv = downloads.resolve("breakdowns.csv");
                wait.until(d -> Files.exists(csv));
                List<String> lines = Files.readAllLines(csv);
                assertThat(lines.get(0)).isEqualTo("list,key,known,cohort,nationality,population,netChange,inTransit");
                assertThat(lines).contains("facilities,iraq-federal-prisons,true,adult,SY,1200,0,0");
                assertThat(text(browser, "[data-statement='S-sample-repatriation'] tbody tr:nth-child(2) .claim")).endsWith("nationals of TN");

                // On every screen, every column, figure and verdict shows in full (screenshots in target/).
                for (int[] screen : PageLayout.SCREENS) {
                    PageLayout.assertFits(browser, screen[0], screen[1], "dashboard");
                }
                PageLayout.reset(browser);

                // Printed: a situation report, every panel and figure, none of the controls.
                browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
                assertThat(((JavascriptExecutor) browser).executeScript("return [...document.querySelectorAll('button, select, body > footer')]"
                        + ".filter(e => getComputedStyle(e).display !== 'none').length")).isEqualTo(0L);
                assertThat(((JavascriptExecutor) browser).executeScript("return [...document.querySelectorAll('#custody, #breakdowns, #over-time, #flows-panel, #reconciliation')]"
                        + ".filter(e => e.getClientRects().length > 0).length")).isEqualTo(5L);
                Map<String, Object> pdf = browser.executeCdpCommand("Page.printToPDF", Map.of("printBackground", false));
                byte[] report = java.util.Base64.getDecoder().decode((String) pdf.get("data"));
                assertThat(new String(report, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
                Files.write(Path.of("target", "situation-report.pdf"), report);
                browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));

                // The time control, driven from the keyboard: every panel shows the state as of then.
                JsonNode then = expected.get("asOf_2026-01-25T10:00:00Z");
                WebElement asOf = browser.findElement(By.id("asof"));
                ((JavascriptExecutor) browser).executeScript("arguments[0].value = '2026-01-25T10:00:00'", asOf);
                asOf.sendKeys(Keys.ENTER);
                wait.until(d -> text(d, "#status").contains("as of 2026-01-25 10:00:00 UTC"));
                wait.until(d -> text(d, operation + ".received b").equals(number(then.get("operation_received"))));
                assertThat(text(browser, operation + ".in-transit b")).isEqualTo(number(then.get("operation_inTransit")));
                assertThat(text(browser, "[data-facility='iraq-federal-prisons'] .population")).isEqualTo("unknown");
                assertThat(browser.findElements(By.cssSelector("[data-statement='S-hussein']"))).isEmpty();
                screenshot(browser, "dashboard-as-of.png");
                browser.findElement(By.id("live")).sendKeys(Keys.ENTER);
                wait.until(d -> text(d, operation + ".received b").equals(number(op.get("received"))));
                // Refreshes overlap: one begun for a past instant and answered after the page went back to
                // live must not paint the past over it (its answers are held here until live has drawn).
                ((JavascriptExecutor) browser).executeScript(STALE_ANSWERS);
                ((JavascriptExecutor) browser).executeScript("arguments[0].value = '2026-01-25T10:00:00'", asOf);
                asOf.sendKeys(Keys.ENTER);
                wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return window.__held.length > 0")));
                browser.findElement(By.id("live")).sendKeys(Keys.ENTER);
                wait.until(d -> text(d, "#status").startsWith("Live") && text(d, operation + ".received b").equals(number(op.get("received"))));
                ((JavascriptExecutor) browser).executeScript("window.__release()");
                wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                        "return window.__inFlight === 0 && Date.now() - window.__settled > 1000")));
                assertThat(text(browser, "#status")).startsWith("Live");
                assertThat(text(browser, operation + ".received b")).isEqualTo(number(op.get("received")));
                assertThat(text(browser, "[data-facility='iraq-federal-prisons'] .population")).isNotEqualTo("unknown");
                assertThat(browser.getCurrentUrl()).doesNotContain("token");

                // Narrowed to a country: its facilities, the flows and arcs that touch it, the claims about it or its nationals
                // (the sample's "about 200 Tunisians remain in our prisons", a claim about Iraq's Tunisians).
                choose(browser, "flows-nationality", "");
                choose(browser, "filter-country", "TN");
                wait.until(d -> d.findElements(By.cssSelector("#facilities tbody tr[data-facility]")).size() == 1);
                assertThat(browser.findElements(By.cssSelector("#facilities tbody tr[data-facility='tn-custody']"))).hasSize(1);
                wait.until(d -> d.findElements(By.cssSelector("#flows tbody tr[data-flow]")).size() == 1);
                assertThat(browser.findElements(By.cssSelector("#flows [data-flow='IQ>TN']"))).hasSize(1);
                assertThat(browser.findElements(By.cssSelector("#map svg circle.place"))).extracting(e -> e.getAttribute("data-facility"))
                        .containsExactlyInAnyOrder("tn-custody", "iraq-federal-prisons");
                assertThat(browser.findElements(By.cssSelector("#statements [data-statement]"))).extracting(e -> e.getAttribute("data-statement"))
                        .containsExactly("S-sample-repatriation");
                assertThat(text(browser, "#filter-note")).isEqualTo("Narrowed to country TN.");
                // To an operation, and a window from 1 March: the repatriation only, and no flow out of Syria.
                choose(browser, "filter-country", "");
                choose(browser, "filter-operation", "op-repatriation-2026");
                wait.until(d -> d.findElements(By.cssSelector("#operations [data-operation]")).size() == 1);
                assertThat(browser.findElements(By.cssSelector("#operations [data-operation='op-repatriation-2026']"))).hasSize(1);
                wait.until(d -> String.valueOf(((JavascriptExecutor) d).executeScript("const s = document.querySelector('#series-chart svg'); "
                        + "return s ? s.getAttribute('aria-label') : ''")).startsWith("received " + number(sample.get("operation").get("received"))));
                ((JavascriptExecutor) browser).executeScript("const f = document.getElementById('filter-from'); f.value = '2026-03-01'; "
                        + "f.dispatchEvent(new Event('change'))");
                wait.until(d -> d.findElements(By.cssSelector("#flows [data-flow='SY>IQ']")).isEmpty()
                        && !d.findElements(By.cssSelector("#flows [data-flow='IQ>FR']")).isEmpty());
                click(browser, "#filter-clear");
                wait.until(d -> d.findElements(By.cssSelector("#operations [data-operation]")).size() == 2
                        && !d.findElements(By.cssSelector("#flows [data-flow='SY>IQ']")).isEmpty());

                // A long list comes a page of rows at a time.
                StringBuilder many = new StringBuilder();
                for (int i = 0; i < 60; i++) {
                    many.append("{\"type\":\"FacilityRegistered\",\"occurredAt\":\"2026-03-01T00:00:00Z\",\"data\":{\"facilityId\":\"paged-")
                            .append(i).append("\",\"name\":\"Paged ").append(i).append("\",\"country\":\"JO\",\"custodian\":\"Government of Jordan\"}}\n");
                }
                assertThat(ServiceProcess.post(ingest.url("/events/batch"), "application/x-ndjson", many.toString()).statusCode()).isEqualTo(201);
                int facilities = 60 + sample.get("locations").size();
                wait.until(d -> text(d, "#facilities tbody").contains("Showing 50 of " + facilities + "."));
                assertThat(browser.findElements(By.cssSelector("#facilities tbody tr[data-facility]"))).hasSize(50);
                click(browser, "#facilities [data-more='facilities']");
                wait.until(d -> d.findElements(By.cssSelector("#facilities tbody tr[data-facility]")).size() == facilities);

                // A page of another origin cannot write: a no-cors POST without Content-Type (the
                // browser asks nobody first) appends nothing and starts no replay.
                long before = LogReader.readAll(TestInfrastructure.bootstrapServers(), stack.env().get("LEDGER_TOPIC")).size();
                String forged = "{\"type\":\"CensusRecorded\",\"occurredAt\":\"2026-03-02T00:00:00Z\","
                        + "\"data\":{\"facilityId\":\"iraq-federal-prisons\",\"population\":1}}";
                browser.get("data:text/html,<script>fetch('" + ingest.url("/events") + "',{method:'POST',mode:'no-cors',body:new Blob(['" + forged + "'])});fetch('" + projection.url("/admin/replay")
                        + "',{method:'POST',mode:'no-cors'});document.title='sent'</script>");
                wait.until(d -> "sent".equals(d.getTitle()));
                Thread.sleep(2_000);
                assertThat(LogReader.readAll(TestInfrastructure.bootstrapServers(), stack.env().get("LEDGER_TOPIC"))).hasSize((int) before);
                assertThat(JSON.readTree(ServiceProcess.get(projection.url("/admin/replay")).body()).path("phase").asText()).isEqualTo("IDLE");
            } finally {
                browser.quit();
            }
        }
    }

    static ChromeDriver browser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1500,1300",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        return new ChromeDriver(service, options);
    }

    /** Holds the answers to as-of reads until window.__release(); counts reads in flight and when the last settled. */
    static final String STALE_ANSWERS = """
            const plain = window.fetch;
            window.__held = []; window.__inFlight = 0; window.__settled = Date.now();
            let holding = true;
            window.__release = () => { holding = false; window.__held.splice(0).forEach((go) => go()); };
            window.fetch = (url, options) => {
              const past = String(url).includes('asOf=');
              if (past) window.__inFlight++;
              const gate = past && holding ? new Promise((go) => window.__held.push(go)) : Promise.resolve();
              return gate.then(() => plain(url, options)).finally(() => {
                if (past) { window.__inFlight--; window.__settled = Date.now(); }
              });
            };
            """;

    /** As a user picks from a list: the option, once the page has it (live updates may be redrawing the panel). */
    static void choose(WebDriver browser, String selectId, String value) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class).until(d -> {
                    new org.openqa.selenium.support.ui.Select(d.findElement(By.id(selectId))).selectByValue(value);
                    return true;
                });
    }

    /** As a user clicks: the control in the middle of the screen, clear of the sticky status line, then the click. */
    static void click(WebDriver browser, String css) {
        WebElement target = browser.findElement(By.cssSelector(css));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", target);
        target.click();
    }

    /** Read in the page in one step: panels are re-rendered on every change notice. */
    static String text(WebDriver browser, String css) {
        Object text = ((JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent : ''", css);
        return String.valueOf(text).strip();
    }

    static String number(JsonNode value) {
        return String.format(java.util.Locale.US, "%,d", value.asLong());
    }

    static void screenshot(WebDriver browser, String name) throws Exception {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(Path.of("target"));
        Files.copy(shot, Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }
}
