package org.custodyledger.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import org.custodyledger.stack.StackProcess;

/**
 * Both packaged services on a topic and database of their own, on the shared test broker and
 * PostgreSQL: a fresh stack as './ledger up' would give, for end-to-end tests and benchmarks.
 *
 * @param env what both services were started with (LEDGER_TOPIC, LEDGER_JDBC_URL)
 */
public record LedgerStack(Path root, ServiceProcess ingest, ServiceProcess projection, Map<String, String> env) implements AutoCloseable {

    /** @param root the checkout's root, where ingest-service/ and projection-service/ are built */
    public static LedgerStack fresh(Path root, String name, Map<String, String> projectionEnv) throws Exception {
        return fresh(root, name, projectionEnv, Map.of());
    }

    /** @param bothEnv settings for both services (LEDGER_API_DOCS=true, say) */
    public static LedgerStack fresh(Path root, String name, Map<String, String> projectionEnv, Map<String, String> bothEnv) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(bothEnv);
        env.put("LEDGER_TOPIC", name);
        env.put("LEDGER_JDBC_URL", createDatabase(name));
        ServiceProcess ingest = ServiceProcess.start(root.resolve("ingest-service/target/quarkus-app/quarkus-run.jar"),
                "INGEST_PORT", StackProcess.freePort(), env);
        return new LedgerStack(root, ingest, startProjection(root, env, projectionEnv), env);
    }

    /** Another projection instance for this stack's topic and database (after a kill, say). */
    public ServiceProcess startProjection(Map<String, String> extra) {
        return startProjection(root, env, extra);
    }

    public static ServiceProcess startProjection(Path root, Map<String, String> env, Map<String, String> extra) {
        return startProjection(root, env, extra, true);
    }

    /** @param mustBeReady false: return once it answers its readiness check, UP or DOWN */
    public static ServiceProcess startProjection(Path root, Map<String, String> env, Map<String, String> extra, boolean mustBeReady) {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(extra);
        return ServiceProcess.start(root.resolve("projection-service/target/quarkus-app/quarkus-run.jar"),
                "PROJECTION_PORT", StackProcess.freePort(), all, mustBeReady);
    }

    /** @param mustBeReady false: return once it answers its readiness check, UP or DOWN */
    public static ServiceProcess startIngest(Path root, Map<String, String> env, boolean mustBeReady) {
        return ServiceProcess.start(root.resolve("ingest-service/target/quarkus-app/quarkus-run.jar"),
                "INGEST_PORT", StackProcess.freePort(), env, mustBeReady);
    }

    /** A new, empty database on the test PostgreSQL; its JDBC URL. */
    public static String createDatabase(String name) throws Exception {
        try (Connection c = TestInfrastructure.superuser(TestInfrastructure.jdbcUrl())) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + name);
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        String url = TestInfrastructure.jdbcUrl().replace("/custody", "/" + name);
        try (Connection c = TestInfrastructure.superuser(url)) {
            TestInfrastructure.databaseLogins().prepareDatabase(c, name);
        }
        return url;
    }

    @Override
    public void close() {
        projection.close();
        ingest.close();
    }
}
