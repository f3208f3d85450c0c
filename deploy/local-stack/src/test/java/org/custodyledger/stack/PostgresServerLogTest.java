package org.custodyledger.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local PostgreSQL's own log is kept in the stack's postgres.log, with the plan of any
 * statement slower than a second; an operator's lower threshold survives a restart.
 */
class PostgresServerLogTest {
    @TempDir
    Path dir;

    @Test
    void slowStatementsAreLoggedWithTheirPlansAndTheThresholdIsTheOperatorsToLower() throws Exception {
        int port = StackProcess.freePort();
        String url = "jdbc:postgresql://localhost:" + port + "/" + PostgresServer.DATABASE;
        Path log = dir.resolve("postgres.log");
        try (StackProcess postgres = StackProcess.postgres(dir, port, false).start(Duration.ofSeconds(60))) {
            DatabaseLogins logins = DatabaseLogins.in(dir);
            try (Connection c = logins.connect(url, DatabaseLogins.SUPERUSER); Statement s = c.createStatement()) {
                assertThat(value(s, "SHOW auto_explain.log_min_duration")).isEqualTo("1s");
                s.execute("SELECT pg_sleep(1.2) FROM generate_series(1, 1) AS slow_probe");
                s.execute("SELECT pg_sleep(0.1) AS fast_probe");
                awaitLogged(log, "slow_probe");
                assertThat(Files.readString(log)).as("the slow statement's plan").contains("plan:").contains("Function Scan on generate_series")
                        .doesNotContain("fast_probe");

                s.execute("ALTER SYSTEM SET auto_explain.log_min_duration = '50ms'");
                s.execute("SELECT pg_reload_conf()");
                s.execute("SELECT pg_sleep(0.2) AS reloaded_probe");
                s.execute("SELECT pg_sleep(0.9) AS after_reload_probe"); // now over the threshold: logged once the reload took
                awaitLogged(log, "after_reload_probe");
                assertThat(Files.readString(log)).as("a reload finds postgresql.conf clean").doesNotContain("contains errors")
                        .doesNotContain("cannot be changed without restarting");
            }
            postgres.stop();
            postgres.start(Duration.ofSeconds(60));
            try (Connection c = logins.connect(url, DatabaseLogins.SUPERUSER); Statement s = c.createStatement()) {
                assertThat(value(s, "SHOW auto_explain.log_min_duration")).as("the operator's threshold, kept across a restart").isEqualTo("50ms");
                s.execute("SELECT pg_sleep(0.1) AS now_slow_probe");
                awaitLogged(log, "now_slow_probe");
                assertThat(Files.readString(log)).doesNotContain("contains errors");
            }
        }
    }

    private static void awaitLogged(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.readString(log).contains(text)) {
            assertThat(System.nanoTime()).as("waiting for " + text + " in " + log).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String value(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
