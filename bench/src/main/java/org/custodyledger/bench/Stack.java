package org.custodyledger.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;
import org.custodyledger.stack.StackProcess;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.TestInfrastructure;

/** Both packaged services on their own topic and database, as './ledger up' runs them. */
record Stack(ServiceProcess ingest, ServiceProcess projection, String topic, String jdbcUrl) implements AutoCloseable {
    /** The checkout's root: the current directory, or -Dledger.root (the bench module's own tests run one level down). */
    static final Path ROOT = Path.of(System.getProperty("ledger.root", "."));
    static final Path INGEST_JAR = ROOT.resolve("ingest-service/target/quarkus-app/quarkus-run.jar");
    static final Path PROJECTION_JAR = ROOT.resolve("projection-service/target/quarkus-app/quarkus-run.jar");

    static Stack start(String name, Map<String, String> projectionEnv) throws Exception {
        String jdbc = createDatabase(name);
        Map<String, String> env = Map.of("LEDGER_TOPIC", name, "LEDGER_JDBC_URL", jdbc);
        ServiceProcess ingest = ServiceProcess.start(INGEST_JAR, "INGEST_PORT", StackProcess.freePort(), env);
        return new Stack(ingest, startProjection(env, projectionEnv), name, jdbc);
    }

    static ServiceProcess startProjection(Map<String, String> env, Map<String, String> extra) {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(extra);
        return ServiceProcess.start(PROJECTION_JAR, "PROJECTION_PORT", StackProcess.freePort(), all);
    }

    static String createDatabase(String name) throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.jdbcUrl(), "postgres", "postgres")) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + name);
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        return TestInfrastructure.jdbcUrl().replace("/custody", "/" + name);
    }

    @Override
    public void close() {
        projection.close();
        ingest.close();
    }
}
