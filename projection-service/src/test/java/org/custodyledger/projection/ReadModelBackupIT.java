package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.custodyledger.stack.DatabaseLogins;
import org.custodyledger.stack.StackProcess;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.SharedFixtures;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * The read models restored from a PostgreSQL backup (README "Deploying", backup and restore):
 * pg_dump of a projected database, pg_restore into a fresh one, and a projection on it resumes
 * from the positions in the dump, with the digest of the original, then applies what came later.
 * On Debian's PostgreSQL 15, whose pg_dump and pg_restore match it (the suite's own server is 17,
 * newer than Debian's client tools).
 */
class ReadModelBackupIT {
    static final Path PG = Path.of("/usr/lib/postgresql/15/bin");
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDumpRestoredIntoAFreshDatabaseResumesWhereItWasTaken() throws Exception {
        assertThat(PG.resolve("pg_dump")).as("Debian's postgresql-15 (./ledger test installs it)").exists();
        TestInfrastructure.startOnce();
        Path dir = Files.createTempDirectory("pg15");
        int port = StackProcess.freePort();
        DatabaseLogins logins = TestInfrastructure.databaseLogins();
        Path data = dir.resolve("data");
        run("initdb", "-D", data.toString(), "-U", DatabaseLogins.SUPERUSER, "--auth=trust", "-E", "UTF8");
        run("pg_ctl", "-D", data.toString(), "-l", dir.resolve("log").toString(), "-w", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
        String server = "jdbc:postgresql://127.0.0.1:" + port + "/";
        try {
            try (Connection c = DriverManager.getConnection(server + "postgres", DatabaseLogins.SUPERUSER, "")) {
                logins.prepareServer(c);
                c.createStatement().execute("CREATE DATABASE custody");
                c.createStatement().execute("CREATE DATABASE restored");
            }
            for (String db : List.of("custody", "restored")) {
                try (Connection c = DriverManager.getConnection(server + db, DatabaseLogins.SUPERUSER, "")) {
                    logins.prepareDatabase(c, db);
                }
            }
            Map<String, String> env = new HashMap<>(Map.of("LEDGER_TOPIC", "backup_restore", "LEDGER_JDBC_URL", server + "custody"));
            String digest;
            try (ServiceProcess ingest = LedgerStack.startIngest(SeedCaseIT.ROOT, env, true);
                 ServiceProcess projection = LedgerStack.startProjection(SeedCaseIT.ROOT, env, Map.of())) {
                HttpResponse<String> posted = ServiceProcess.post(ingest.url("/events/batch"), "application/x-ndjson", SharedFixtures.seedNdjson());
                assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
                String token = JSON.readTree(posted.body()).get("consistencyToken").asText();
                assertThat(ServiceProcess.get(projection.url("/custody?consistencyToken=" + token)).statusCode()).isEqualTo(200);
                digest = digest(projection);
                // The backup, taken while both run.
                run("pg_dump", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", DatabaseLogins.SUPERUSER, "-Fc", "-d", "custody",
                        "-f", dir.resolve("custody.dump").toString());
                projection.kill(); // the database it used is "lost"
                run("pg_restore", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", DatabaseLogins.SUPERUSER, "--clean", "--if-exists", "-d", "restored",
                        dir.resolve("custody.dump").toString());
                Map<String, String> restored = new HashMap<>(env);
                restored.put("LEDGER_JDBC_URL", server + "restored");
                try (ServiceProcess back = LedgerStack.startProjection(SeedCaseIT.ROOT, restored, Map.of())) {
                    assertThat(digest(back)).as("the restored read models").isEqualTo(digest);
                    // What is appended after the backup is applied from the dump's positions on, once.
                    HttpResponse<String> later = ServiceProcess.post(ingest.url("/events"), "application/json",
                            "{\"type\":\"CensusRecorded\",\"occurredAt\":\"2026-03-01T00:00:00Z\",\"data\":{\"facilityId\":\"iraq-federal-prisons\",\"population\":5710}}");
                    assertThat(later.statusCode()).as(later.body()).isEqualTo(201);
                    JsonNode facility = JSON.readTree(ServiceProcess.get(back.url("/facilities/iraq-federal-prisons?consistencyToken="
                            + JSON.readTree(later.body()).get("consistencyToken").asText())).body());
                    assertThat(facility.get("population").asLong()).isEqualTo(5710);
                    // And the result is what a clean rebuild of the log gives.
                    assertThat(ServiceProcess.post(back.url("/admin/replay"), "application/json", "").statusCode()).isEqualTo(202);
                    JsonNode status = JSON.readTree(ServiceProcess.get(back.url("/admin/replay")).body());
                    for (int i = 0; i < 600 && !"SWITCHED".equals(status.get("phase").asText()); i++) {
                        assertThat(status.get("phase").asText()).isNotIn("FAILED", "REFUSED");
                        Thread.sleep(200);
                        status = JSON.readTree(ServiceProcess.get(back.url("/admin/replay")).body());
                    }
                    assertThat(status.get("digestAfter").asText()).isEqualTo(status.get("digestBefore").asText());
                    System.out.printf("backup and restore: digest %s restored from pg_dump; after a later census, digest %s = clean rebuild%n",
                            digest, status.get("digestAfter").asText());
                }
            }
        } finally {
            run("pg_ctl", "-D", data.toString(), "-m", "immediate", "stop");
        }
    }

    static String digest(ServiceProcess projection) throws Exception {
        for (int i = 0; i < 300; i++) {
            HttpResponse<String> answer = ServiceProcess.get(projection.url("/admin/digest"));
            if (answer.statusCode() == 200) {
                return JSON.readTree(answer.body()).get("digest").asText();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no digest in 30 s");
    }

    /** A PostgreSQL 15 tool; as an unprivileged user when this runs as root (the server refuses root). */
    static void run(String tool, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            command.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        command.add(PG.resolve(tool).toString());
        command.addAll(List.of(args));
        if (root && tool.equals("initdb")) {
            Path data = Path.of(args[1]);
            Files.createDirectories(data.getParent());
            new ProcessBuilder("chown", "-R", "nobody", data.getParent().toString()).inheritIO().start().waitFor();
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(tool + ": " + out).isZero();
    }
}
