package org.custodyledger.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.custodyledger.stack.StackProcess;

/** A packaged service (target/quarkus-app/quarkus-run.jar) run as its own process, as operators run it. */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar with the given environment (plus the test broker and database) and waits until ready. */
    public static ServiceProcess start(Path jar, String portVariable, int port, Map<String, String> environment) {
        return start(jar, portVariable, port, environment, true);
    }

    /**
     * @param mustBeReady false to wait only until the service answers its readiness check, UP or
     *                    DOWN (for tests of what keeps a service unready)
     */
    public static ServiceProcess start(Path jar, String portVariable, int port, Map<String, String> environment, boolean mustBeReady) {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " missing: run 'mvn package' (or ./ledger test) first");
        }
        try {
            Path log = Files.createTempFile("service-" + portVariable.toLowerCase() + "-" + port + "-", ".log");
            List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "@" + jvmOptions(jar)));
            String profiles = System.getenv("LEDGER_PROFILE_DIR");
            if (profiles != null) {
                // A flight recording per service process, for `jfr print` or JDK Mission Control (see README, "Performance").
                command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                        + Path.of(profiles).toAbsolutePath().resolve(portVariable.toLowerCase() + "-" + port + ".jfr"));
            }
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // As ./ledger up: glibc's per-thread malloc arenas would otherwise add tens of MB of resident memory.
            builder.environment().put("MALLOC_ARENA_MAX", "2");
            builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", TestInfrastructure.bootstrapServers());
            builder.environment().put("LEDGER_JDBC_URL", TestInfrastructure.jdbcUrl());
            String role = portVariable.startsWith("INGEST") ? org.custodyledger.stack.DatabaseLogins.INGEST
                    : org.custodyledger.stack.DatabaseLogins.PROJECTION;
            builder.environment().put("LEDGER_DB_USER", role);
            builder.environment().put("LEDGER_DB_PASSWORD", TestInfrastructure.databaseLogins().password(role));
            builder.environment().put("LEDGER_OIDC_PUBLIC_KEY", TestInfrastructure.issuer().publicKey());
            builder.environment().put("LEDGER_SIGNING_KEY_ID", TestInfrastructure.signingKey().keyId());
            builder.environment().put("LEDGER_SIGNING_KEY", TestInfrastructure.signingKey().privateKeyBase64());
            builder.environment().put("LEDGER_VERIFY_KEYS", TestInfrastructure.signingKey().verificationEntry());
            builder.environment().putAll(TestInfrastructure.auditKeyEnvironment());
            builder.environment().putAll(environment);
            builder.environment().put(portVariable, String.valueOf(port));
            ServiceProcess service = new ServiceProcess(builder.start(), port, log);
            service.awaitReady(mustBeReady);
            return service;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** deploy/jvm/&lt;module&gt;.options: the same JVM options as ./ledger up gives the service. */
    static Path jvmOptions(Path jar) {
        Path module = jar.toAbsolutePath().getParent().getParent().getParent(); // <module>/target/quarkus-app/quarkus-run.jar
        Path options = module.getParent().resolve("deploy").resolve("jvm").resolve(module.getFileName() + ".options");
        if (!Files.exists(options)) {
            throw new IllegalStateException(options + " missing");
        }
        return options;
    }

    /** The operating-system process id, for measuring its memory. */
    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void awaitReady(boolean mustBeUp) {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("service on " + port + " ended during start; log " + log);
            }
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(url("/q/health/ready"))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200 || !mustBeUp && ready.statusCode() == 503) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            StackProcess.sleep(200);
        }
        throw new IllegalStateException("service on " + port + " not ready in 90 s; log " + log);
    }

    /** SIGKILL: no shutdown hooks, no clean close, as when a machine dies. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A GET with a token of every role. */
    public static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).header("Authorization", bearer()).build());
    }

    /** A POST with a token of every role. */
    public static HttpResponse<String> post(String url, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).header("Content-Type", contentType)
                .header("Authorization", bearer()).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The Authorization header's value the test helpers send. */
    public static String bearer() {
        return "Bearer " + TestInfrastructure.token();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
