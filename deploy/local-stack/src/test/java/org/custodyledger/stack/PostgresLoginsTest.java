package org.custodyledger.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local PostgreSQL takes password logins only, and each role can reach only what it owns. */
class PostgresLoginsTest {
    @TempDir
    Path dir;

    @Test
    void onlyPasswordLoginsAndEachServiceOnlyItsOwnSchemas() throws Exception {
        int port = StackProcess.freePort();
        String url = "jdbc:postgresql://localhost:" + port + "/" + PostgresServer.DATABASE;
        try (StackProcess postgres = StackProcess.postgres(dir, port, false).start(Duration.ofSeconds(60))) {
            DatabaseLogins logins = DatabaseLogins.in(dir);
            assertThat(dir.resolve("logins.properties")).isReadable();
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", ""))
                    .as("initdb trusted every local login").isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "postgres"))
                    .hasMessageContaining("password authentication failed");
            assertThatThrownBy(() -> DriverManager.getConnection(url, DatabaseLogins.ANALYST, logins.password(DatabaseLogins.INGEST)))
                    .hasMessageContaining("password authentication failed");

            try (Connection ingest = logins.connect(url, DatabaseLogins.INGEST); Statement s = ingest.createStatement()) {
                s.execute("CREATE TABLE ingest.receipt_probe (id int)");
                assertRefused(s, "CREATE SCHEMA ingest_other", "42501");
                assertRefused(s, "CREATE TABLE public.probe (id int)", "42501");
            }
            try (Connection projection = logins.connect(url, DatabaseLogins.PROJECTION); Statement s = projection.createStatement()) {
                // What a replay does: build a schema, rename it live.
                s.execute("CREATE SCHEMA projection_shadow");
                s.execute("CREATE TABLE projection_shadow.custody (facility text, held int)");
                s.execute("ALTER SCHEMA projection_shadow RENAME TO projection");
                s.execute("INSERT INTO projection.custody VALUES ('f-1', 3)");
                assertRefused(s, "SELECT * FROM ingest.receipt_probe", "42501");
                assertRefused(s, "ALTER ROLE analyst NOLOGIN", "42501");
            }
            try (Connection ingest = logins.connect(url, DatabaseLogins.INGEST); Statement s = ingest.createStatement()) {
                assertRefused(s, "SELECT * FROM projection.custody", "42501");
            }
            try (Connection analyst = logins.connect(url, DatabaseLogins.ANALYST); Statement s = analyst.createStatement()) {
                // Reads only what the projection's migrations grant it (tested with them in projection-service).
                assertRefused(s, "SELECT * FROM projection.custody", "42501");
                assertRefused(s, "CREATE TEMP TABLE scratch (id int)", "25006");
            }

            // A stack from before there were roles: its schemas belong to the superuser.
            try (Connection superuser = logins.connect(url, DatabaseLogins.SUPERUSER); Statement s = superuser.createStatement()) {
                s.execute("CREATE SCHEMA projection_previous");
                s.execute("CREATE TABLE projection_previous.transfer (id bigint GENERATED ALWAYS AS IDENTITY, n serial)");
                s.execute("CREATE FUNCTION projection_previous.refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$");
            }
            postgres.stop();
            postgres.start(Duration.ofSeconds(60));

            try (Connection projection = logins.connect(url, DatabaseLogins.PROJECTION); Statement s = projection.createStatement()) {
                assertThat(value(s, "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'projection_previous'")).isEqualTo("projection");
                s.execute("INSERT INTO projection_previous.transfer DEFAULT VALUES");
                s.execute("DROP SCHEMA projection_previous CASCADE");
                assertThat(value(s, "SELECT held::text FROM projection.custody")).as("kept across the restart").isEqualTo("3");
            }
        }
    }

    private static void assertRefused(Statement s, String sql, String sqlState) {
        assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).as(sql + ": " + e.getMessage()).isEqualTo(sqlState));
    }

    private static String value(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
