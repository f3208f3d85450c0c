package org.custodyledger.projection;

import org.custodyledger.projection.consume.ProjectionProgress;
import org.custodyledger.projection.query.ReadModels;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.custodyledger.events.Envelope;
import org.custodyledger.ledger.LedgerDigest;
import org.custodyledger.ledger.LedgerFold;
import org.custodyledger.ledger.LogGenerator;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/** A replay rebuilds the models beside the live ones and switches without a failed or half-built read. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class ReplayIT {
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ProjectionProgress progress;

    @Test
    void replayWhileServingSwitchesAtomicallyAndKeepsTheDigest() throws Exception {
        List<Envelope> log = new ArrayList<>(LogGenerator.generate(21, 3_000));
        Collections.shuffle(log, new Random(21));
        assertThat(progress.awaitCovers(ProjectionMatchesFoldIT.produce(log), Duration.ofSeconds(120))).isTrue();
        String expectedDigest = LedgerDigest.of(LedgerFold.at(ProjectionMatchesFoldIT.everythingInTheLog(), ReadModels.CURRENT));
        String before = given().get("/admin/digest").then().statusCode(200).extract().path("digest");
        assertThat(before).isEqualTo(expectedDigest);
        int facilities = given().get("/custody").then().statusCode(200).extract().path("facilities.size()");
        int operationCount = given().get("/operations").then().statusCode(200).extract().path("operations.size()");

        // Damage one current row by hand: the rebuilt models must not have it, which shows reads moved to them.
        try (Connection c = Schemas.connect(dataSource, Schemas.LIVE)) {
            assertThat(c.createStatement().executeUpdate("DELETE FROM facility_current WHERE facility_id = 'f-0'")).isEqualTo(1);
        }
        AtomicBoolean reading = new AtomicBoolean(true);
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            while (reading.get()) {
                Response custody = given().get("/custody");
                Response operations = given().get("/operations");
                if (custody.statusCode() != 200 || operations.statusCode() != 200) {
                    failures.add(custody.statusCode() + " " + custody.asString());
                } else {
                    seen.add(custody.path("facilities.size()"));
                    if (operations.jsonPath().getList("operations").size() != operationCount) {
                        failures.add("operations " + operations.asString());
                    }
                }
            }
        });
        given().post("/admin/replay").then().statusCode(202);
        given().post("/admin/replay").then().statusCode(409).contentType("application/problem+json");
        String phase = null;
        for (int i = 0; i < 600 && !"SWITCHED".equals(phase); i++) {
            Thread.sleep(100);
            phase = given().get("/admin/replay").then().statusCode(200).extract().path("phase");
            assertThat(phase).isNotEqualTo("FAILED");
        }
        Thread.sleep(300);
        reading.set(false);
        reader.get();
        assertThat(phase).isEqualTo("SWITCHED");
        Response status = given().get("/admin/replay");
        assertThat(status.<String>path("digestBefore")).isEqualTo(before);
        assertThat(status.<String>path("digestAfter")).isEqualTo(before);
        assertThat(status.<Integer>path("eventsDone")).isGreaterThanOrEqualTo(log.size());
        assertThat(failures).isEmpty();
        assertThat(seen).isNotEmpty().allMatch(n -> n == facilities - 1 || n == facilities);
        assertThat(given().get("/custody").<Integer>path("facilities.size()")).isEqualTo(facilities);
        assertThat(given().get("/admin/digest").<String>path("digest")).isEqualTo(before);
        analystReadsTheLiveModelsOnly(facilities);

        // The live consumer goes on after the switch.
        List<Envelope> more = LogGenerator.generate(22, 200).subList(0, 30);
        assertThat(progress.awaitCovers(ProjectionMatchesFoldIT.produce(more), Duration.ofSeconds(60))).isTrue();
        List<Envelope> all = ProjectionMatchesFoldIT.everythingInTheLog();
        assertThat(given().get("/admin/digest").<String>path("digest")).isEqualTo(LedgerDigest.of(LedgerFold.at(all, ReadModels.CURRENT)));

        given().post("/admin/replay/confirm").then().statusCode(200).body("phase", org.hamcrest.Matchers.equalTo("CONFIRMED"));
        try (Connection c = dataSource.getConnection()) {
            assertThat(c.createStatement().executeQuery("SELECT 1 FROM information_schema.schemata WHERE schema_name = 'projection_previous'").next()).isFalse();
        }
    }

    /**
     * A store projected before breakdowns were (its V5 migration found events already applied)
     * says so: /breakdowns is a 409 and claims about a cohort or nationality are UNVERIFIABLE,
     * until a replay rebuilds every read model from the log's start.
     */
    @Test
    void aStoreProjectedBeforeBreakdownsSaysSoUntilAReplayRebuildsThem() throws Exception {
        List<Envelope> log = LogGenerator.generate(23, 600);
        assertThat(progress.awaitCovers(ProjectionMatchesFoldIT.produce(log), Duration.ofSeconds(60))).isTrue();
        try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
            s.executeUpdate("INSERT INTO projection.read_model_gap VALUES ('breakdowns', 'events read before breakdowns were projected have none; "
                    + "a replay (POST /admin/replay) rebuilds them')");
        }
        // A new position, so no answer remembered from before the row counts.
        assertThat(progress.awaitCovers(ProjectionMatchesFoldIT.produce(LogGenerator.generate(24, 200).subList(0, 5)), Duration.ofSeconds(60))).isTrue();
        given().get("/breakdowns").then().statusCode(409).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("breakdowns-incomplete"))
                .body("detail", org.hamcrest.Matchers.containsString("a replay (POST /admin/replay) rebuilds them"));
        List<Map<String, Object>> narrowed = given().get("/reconciliation?limit=500").then().statusCode(200).extract()
                .path("claims.findAll { it.cohort != null || it.nationality != null }");
        assertThat(narrowed).isNotEmpty().allSatisfy(claim -> assertThat(claim.get("verdict")).isEqualTo("UNVERIFIABLE"))
                .anySatisfy(claim -> assertThat((String) claim.get("why")).contains("breakdowns are incomplete in this database"));

        replayUntilSwitched();
        given().get("/breakdowns").then().statusCode(200).body("facilities.size()", org.hamcrest.Matchers.greaterThan(0));
        List<String> verdicts = given().get("/reconciliation?limit=500").then().statusCode(200).extract()
                .path("claims.findAll { it.cohort != null || it.nationality != null }.verdict");
        assertThat(verdicts).as("decided once the breakdowns are rebuilt").contains("INCONSISTENT");
        given().post("/admin/replay/confirm").then().statusCode(200);
    }

    /** Starts a full replay and waits (up to a minute) until it has switched; it must neither fail nor be refused. */
    static void replayUntilSwitched() throws InterruptedException {
        given().post("/admin/replay").then().statusCode(202);
        String phase = null;
        for (int i = 0; i < 600 && !"SWITCHED".equals(phase); i++) {
            Thread.sleep(100);
            phase = given().get("/admin/replay").then().statusCode(200).extract().path("phase");
            assertThat(phase).isNotIn("FAILED", "REFUSED");
        }
        assertThat(phase).isEqualTo("SWITCHED");
    }

    /** The read-only SQL login: its grant is in the schema the replay built, which is live now. */
    private static void analystReadsTheLiveModelsOnly(int facilities) throws Exception {
        var logins = TestInfrastructure.databaseLogins();
        try (Connection analyst = logins.connect(TestInfrastructure.jdbcUrl(), org.custodyledger.stack.DatabaseLogins.ANALYST);
             var s = analyst.createStatement()) {
            var count = s.executeQuery("SELECT count(*) FROM projection.facility_current");
            count.next();
            assertThat(count.getInt(1)).isEqualTo(facilities);
            for (var refused : java.util.Map.of(
                    "DELETE FROM projection.facility_current", "25006",
                    "SELECT * FROM projection_audit.admin_action", "42501",
                    "SELECT * FROM ingest.flyway_schema_history", "42501").entrySet()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute(refused.getKey())).as(refused.getKey())
                        .isInstanceOfSatisfying(java.sql.SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(refused.getValue()));
            }
        }
    }

    @Test
    void aBoundedReplayBuildsAShadowForInspectionAndNeverSwitches() throws Exception {
        List<Envelope> log = LogGenerator.generate(23, 1_000);
        assertThat(progress.awaitCovers(ProjectionMatchesFoldIT.produce(log), Duration.ofSeconds(60))).isTrue();
        String live = given().get("/admin/digest").then().statusCode(200).extract().path("digest");
        java.time.Instant upTo = java.time.Instant.parse("2026-03-01T00:00:00Z");
        List<Envelope> before = ProjectionMatchesFoldIT.everythingInTheLog().stream().filter(e -> !e.occurredAt().isAfter(upTo)).toList();

        given().post("/admin/replay?upTo=yesterday").then().statusCode(400).contentType("application/problem+json");
        given().post("/admin/replay?upTo=" + upTo).then().statusCode(202);
        String phase = null;
        for (int i = 0; i < 600 && !"BUILT".equals(phase); i++) {
            Thread.sleep(100);
            phase = given().get("/admin/replay").then().statusCode(200).extract().path("phase");
            assertThat(phase).isNotIn("FAILED", "SWITCHED");
        }
        assertThat(phase).isEqualTo("BUILT");
        assertThat(given().get("/admin/replay").<String>path("digestAfter")).isEqualTo(LedgerDigest.of(LedgerFold.at(before, ReadModels.CURRENT)));
        assertThat(given().get("/admin/digest").<String>path("digest")).isEqualTo(live);

        given().delete("/admin/replay").then().statusCode(200).body("phase", org.hamcrest.Matchers.equalTo("IDLE"));
        try (Connection c = dataSource.getConnection()) {
            assertThat(c.createStatement().executeQuery("SELECT 1 FROM information_schema.schemata WHERE schema_name = 'projection_shadow'").next()).isFalse();
        }
    }

    @Test
    void eventsAppendedWhileAReplayBuildsAreAllInTheSwitchedModels() throws Exception {
        assertThat(progress.awaitCovers(ProjectionMatchesFoldIT.produce(LogGenerator.generate(24, 2_000)), Duration.ofSeconds(60))).isTrue();
        // Appended from before the replay reads the log's end until after it switches: polls cross the
        // end it read at the start, and what lies past it must be read again, not passed over.
        List<Envelope> more = LogGenerator.generate(25, 4_000);
        AtomicBoolean appending = new AtomicBoolean(true);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < more.size() && appending.get(); i += 20) {
                    ProjectionMatchesFoldIT.produce(more.subList(i, Math.min(more.size(), i + 20)));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        given().post("/admin/replay").then().statusCode(202);
        String phase = null;
        for (int i = 0; i < 1200 && !"SWITCHED".equals(phase); i++) {
            Thread.sleep(100);
            phase = given().get("/admin/replay").then().statusCode(200).extract().path("phase");
            assertThat(phase).as(given().get("/admin/replay").asString()).isNotIn("FAILED", "REFUSED");
        }
        assertThat(phase).isEqualTo("SWITCHED");
        appending.set(false);
        writer.get();
        String expected = LedgerDigest.of(LedgerFold.at(ProjectionMatchesFoldIT.everythingInTheLog(), ReadModels.CURRENT));
        String digest = null;
        for (int i = 0; i < 120 && !expected.equals(digest); i++) { // until the live consumer has read the last appends
            Thread.sleep(500);
            Response answer = given().get("/admin/digest");
            assertThat(answer.statusCode()).as(answer.asString()).isIn(200, 503); // 503 while derivations are pending
            digest = answer.statusCode() == 200 ? answer.path("digest") : null;
        }
        assertThat(digest).isEqualTo(expected);
        given().post("/admin/replay/confirm").then().statusCode(200);
    }

    @Test
    void whileDerivationsArePendingThereIsNoDigestAndAReplayDerivesThemBeforeComparing() throws Exception {
        assertThat(progress.awaitCovers(ProjectionMatchesFoldIT.produce(LogGenerator.generate(26, 1_000)), Duration.ofSeconds(60))).isTrue();
        String live = given().get("/admin/digest").then().statusCode(200).extract().path("digest");
        // What a unit applied while catching up leaves: facts written, the facilities' anomalies not yet re-derived.
        try (Connection c = Schemas.connect(dataSource, Schemas.LIVE)) {
            assertThat(c.createStatement().executeUpdate("WITH gone AS (DELETE FROM derived_anomaly WHERE owner LIKE 'facility/%' "
                    + "RETURNING owner) INSERT INTO pending_derivation (kind, id) SELECT DISTINCT '"
                    + org.custodyledger.projection.derive.PendingKind.FACILITY.stored + "', substring(owner from 10) FROM gone")).isPositive();
        }
        given().get("/admin/digest").then().statusCode(503).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("derivation-pending"));
        assertThat(given().get("/admin/status").then().statusCode(200).extract().<Integer>path("pendingDerivations")).isPositive();

        replayUntilSwitched();
        Response status = given().get("/admin/replay");
        assertThat(status.<String>path("digestBefore")).isEqualTo(live);
        assertThat(status.<String>path("digestAfter")).isEqualTo(live);
        assertThat(given().get("/admin/digest").then().statusCode(200).extract().<String>path("digest")).isEqualTo(live);
        given().post("/admin/replay/confirm").then().statusCode(200);
    }
}
