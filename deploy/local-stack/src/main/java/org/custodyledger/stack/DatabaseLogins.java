package org.custodyledger.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * The logins of the local PostgreSQL, least privilege: each service connects as its own role and
 * owns only its schemas, and {@code analyst} may read the read models and nothing else. Passwords
 * are random, made on first start, kept in {@code DIR/logins.properties} (owner-only, never
 * committed); the server accepts only password (scram-sha-256) logins.
 *
 * <ul>
 *   <li>{@code ingest} owns schema {@code ingest} (its receipts) and may create no other.</li>
 *   <li>{@code projection} may create schemas: a replay builds {@code projection_shadow} and renames
 *       it to {@code projection}.</li>
 *   <li>{@code analyst} reads what the projection's migrations grant it (every read-model schema,
 *       so the grant moves with a replay's rename); its sessions are read-only.</li>
 * </ul>
 */
public final class DatabaseLogins {
    public static final String SUPERUSER = "postgres";
    public static final String INGEST = "ingest";
    public static final String PROJECTION = "projection";
    public static final String ANALYST = "analyst";
    private static final List<String> ROLES = List.of(SUPERUSER, INGEST, PROJECTION, ANALYST);
    private static final String FILE = "logins.properties";

    private final Properties passwords;

    private DatabaseLogins(Properties passwords) {
        this.passwords = passwords;
    }

    /** The logins kept in {@code dir}, made there (readable by their owner only) the first time. */
    public static DatabaseLogins in(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        Properties passwords = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                passwords.load(in);
            }
        }
        if (ROLES.stream().allMatch(passwords::containsKey)) {
            return new DatabaseLogins(passwords);
        }
        SecureRandom random = new SecureRandom();
        for (String role : ROLES) {
            byte[] secret = new byte[24];
            random.nextBytes(secret);
            passwords.putIfAbsent(role, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        }
        Files.createDirectories(dir);
        Files.write(file, new byte[0]);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the directory's own permissions protect it
        }
        try (Writer out = Files.newBufferedWriter(file)) {
            passwords.store(out, "logins of the local PostgreSQL (user=password); see README, Security");
        }
        return new DatabaseLogins(passwords);
    }

    public String password(String role) {
        String password = passwords.getProperty(role);
        if (password == null) {
            throw new IllegalArgumentException("no login " + role + "; there are " + ROLES);
        }
        return password;
    }

    public Connection connect(String jdbcUrl, String role) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, role, password(role));
    }

    /** Gives every role its password and login (once per server; run as the superuser). */
    public void prepareServer(Connection superuser) throws SQLException {
        try (Statement s = superuser.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("ALTER ROLE " + SUPERUSER + " PASSWORD " + literal(password(SUPERUSER)));
            for (String role : List.of(INGEST, PROJECTION, ANALYST)) {
                boolean exists = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = " + literal(role)).next();
                s.execute((exists ? "ALTER" : "CREATE") + " ROLE " + role
                        + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD " + literal(password(role)));
            }
        }
    }

    /**
     * Lets the roles into {@code database} with their privileges, and hands the ledger's schemas
     * of a stack made before there were roles (owned by the superuser) to the service they belong to.
     * Run as the superuser, connected to that database; idempotent.
     */
    public void prepareDatabase(Connection superuser, String database) throws SQLException {
        try (Statement s = superuser.createStatement()) {
            for (String grant : privileges(database)) {
                s.execute(grant);
            }
            s.execute("""
                    DO $$
                    DECLARE s record; o record;
                    BEGIN
                      FOR s IN SELECT n.oid, n.nspname,
                                      CASE WHEN n.nspname LIKE 'ingest%' THEN 'ingest' ELSE 'projection' END AS service
                                 FROM pg_namespace n
                                WHERE (n.nspname LIKE 'ingest%' OR n.nspname LIKE 'projection%')
                                  AND n.nspowner = 'postgres'::regrole LOOP
                        EXECUTE format('ALTER SCHEMA %I OWNER TO %I', s.nspname, s.service);
                        FOR o IN SELECT c.relname FROM pg_class c
                                  WHERE c.relnamespace = s.oid AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                                    -- a column's own sequence moves with its table
                                    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                                       AND d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
                          EXECUTE format('ALTER TABLE %I.%I OWNER TO %I', s.nspname, o.relname, s.service);
                        END LOOP;
                        FOR o IN SELECT p.oid::regprocedure AS routine FROM pg_proc p WHERE p.pronamespace = s.oid LOOP
                          EXECUTE format('ALTER ROUTINE %s OWNER TO %I', o.routine, s.service);
                        END LOOP;
                      END LOOP;
                    END
                    $$""");
        }
    }

    /** What each role may do in {@code database} (docker-compose's deploy/postgres/roles.sh says the same; DockerComposeTest holds them equal). */
    public static List<String> privileges(String database) {
        return List.of(
                "ALTER ROLE " + ANALYST + " SET default_transaction_read_only = on",
                // The reporting views call the projection's functions, which name its tables unqualified.
                "ALTER ROLE " + ANALYST + " SET search_path = projection, public",
                "REVOKE ALL ON DATABASE " + database + " FROM PUBLIC",
                "GRANT CONNECT ON DATABASE " + database + " TO " + INGEST + ", " + PROJECTION + ", " + ANALYST,
                "GRANT CREATE ON DATABASE " + database + " TO " + PROJECTION,
                "CREATE SCHEMA IF NOT EXISTS ingest AUTHORIZATION " + INGEST);
    }

    /** pg_hba.conf that takes only password logins, over loopback or the local socket. */
    static String passwordOnlyHba() {
        return """
                # Written by PostgresServer on every start: password (scram-sha-256) logins only, from this machine only.
                local all all scram-sha-256
                host  all all 127.0.0.1/32 scram-sha-256
                host  all all ::1/128 scram-sha-256
                """;
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
