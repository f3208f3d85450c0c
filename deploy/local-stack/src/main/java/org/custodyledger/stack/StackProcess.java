package org.custodyledger.stack;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@link KafkaBroker} or {@link PostgresServer} as a child JVM with this module's
 * classpath (written at build time), for tests that need to stop and restart real infrastructure.
 * Uses only the JDK, so it can sit on any test classpath.
 */
public final class StackProcess implements AutoCloseable {
    private final List<String> command;
    private final Path log;
    private final int port;
    private final String readyLine;
    /** Where a server that runs apart from the launcher (PostgreSQL's postmaster) writes its pid, or null. */
    private final Path serverPidFile;
    private volatile Process process; // read by shutdown hooks

    private StackProcess(List<String> command, Path log, int port, String readyLine, Path serverPidFile) {
        this.command = command;
        this.log = log;
        this.port = port;
        this.readyLine = readyLine;
        this.serverPidFile = serverPidFile;
    }

    public static StackProcess kafka(Path dir, int port, int controllerPort) {
        return new StackProcess(javaCommand(KafkaBroker.class, dir.toString(), String.valueOf(port),
                String.valueOf(controllerPort)), dir.resolve("broker.log"), port, null, null);
    }

    /** A broker whose clients sign in as one of {@code users} ({@code user:password,...}; the first is the super user), ACLs enforced. */
    public static StackProcess securedKafka(Path dir, int port, int controllerPort, String users) {
        return new StackProcess(javaCommand(KafkaBroker.class, dir.toString(), String.valueOf(port),
                String.valueOf(controllerPort), KafkaBroker.SASL_USERS + users), dir.resolve("broker.log"), port, null, null);
    }

    public static StackProcess postgres(Path dir, int port) {
        return postgres(dir, port, true);
    }

    /** @param durable false only for benchmark stacks that report it (see {@link PostgresServer}) */
    public static StackProcess postgres(Path dir, int port, boolean durable) {
        List<String> command = javaCommand(PostgresServer.class, dir.toString(), String.valueOf(port));
        if (!durable) {
            command.add(PostgresServer.NO_DURABILITY);
        }
        return new StackProcess(command, dir.resolve("postgres.log"), port, PostgresServer.READY, dir.resolve("data/postmaster.pid"));
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /**
     * Starts the process and waits until its port accepts connections and, where the process
     * announces readiness, until it has (PostgreSQL listens before the database exists).
     */
    public StackProcess start(Duration timeout) {
        long logStart;
        try {
            java.nio.file.Files.createDirectories(log.getParent());
            logStart = java.nio.file.Files.exists(log) ? java.nio.file.Files.size(log) : 0;
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command, e);
        }
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process ended during start; see " + log);
            }
            if (accepts(port) && announcedReady(logStart)) {
                return this;
            }
            sleep(100);
        }
        throw new IllegalStateException("port " + port + " not open after " + timeout + "; see " + log);
    }

    /** Ends the process as SIGTERM would, letting it shut down cleanly, and waits for it. */
    public void stop() {
        if (process == null) {
            return; // never started: nothing of ours holds the port
        }
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        while (accepts(port)) {
            sleep(100);
        }
    }

    /**
     * Freezes the process and everything it started (PostgreSQL's server and backends, for the
     * database), as SIGSTOP does: connections stay open and nothing answers, like a stalled host.
     */
    public void pause() {
        signal("STOP");
    }

    /** Lets a {@link #pause paused} process go on (SIGCONT). */
    public void resume() {
        signal("CONT");
    }

    /** Ends the process and everything it started at once, as a crash would (SIGKILL), and waits until its port is free. */
    public void kill() {
        if (process == null) {
            return;
        }
        processes().forEach(ProcessHandle::destroyForcibly);
        while (accepts(port)) {
            sleep(100);
        }
    }

    /** The launcher, what it started, and a server that detached from it (with what that started). */
    private List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        all.addAll(process.descendants().toList());
        if (serverPidFile != null && java.nio.file.Files.exists(serverPidFile)) {
            try {
                long pid = Long.parseLong(java.nio.file.Files.readAllLines(serverPidFile).get(0).strip());
                ProcessHandle.of(pid).ifPresent(server -> {
                    all.add(server);
                    all.addAll(server.descendants().toList());
                });
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot read " + serverPidFile, e);
            }
        }
        return all.stream().distinct().toList();
    }

    private void signal(String name) {
        if (process == null) {
            return;
        }
        List<String> pids = new ArrayList<>();
        processes().forEach(p -> pids.add(String.valueOf(p.pid())));
        List<String> kill = new ArrayList<>(List.of("kill", "-" + name));
        kill.addAll(pids);
        try {
            int exit = new ProcessBuilder(kill).redirectErrorStream(true).start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + name + " " + pids + " exited " + exit);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether the log, from where this start began writing, has the ready line (if there is one). */
    private boolean announcedReady(long logStart) {
        if (readyLine == null) {
            return true;
        }
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            file.seek(logStart);
            byte[] rest = new byte[(int) Math.min(Integer.MAX_VALUE, file.length() - logStart)];
            file.readFully(rest);
            return new String(rest, StandardCharsets.UTF_8).contains(readyLine);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> javaCommand(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", classpath(), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** This module's jar (or classes directory) plus the runtime classpath written at build time. */
    static String classpath() {
        try (InputStream in = StackProcess.class.getResourceAsStream("stack.classpath")) {
            if (in == null) {
                throw new IllegalStateException("stack.classpath missing: build deploy/local-stack with Maven first");
            }
            String dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            String self = Path.of(StackProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            return self + java.io.File.pathSeparator + dependencies;
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sleeps; an interrupt ends the wait with an exception, keeping the interrupt flag. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
