package org.custodyledger.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Prometheus's own checker, for the metrics and the alert rules: ./ledger test installs it (Debian's prometheus package). */
public final class Promtool {
    /** What promtool said, and its exit code. */
    public record Run(int exit, String output) {
    }

    private Promtool() {
    }

    public static String path() {
        for (String candidate : new String[] {System.getenv("PROMTOOL"), "/usr/bin/promtool", "/usr/local/bin/promtool"}) {
            if (candidate != null && Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("promtool is needed to check the metrics and the alert rules: ./ledger test installs it "
                + "(apt-get install prometheus), or set PROMTOOL to its path");
    }

    /** promtool with these arguments in {@code dir}, {@code input} on its standard input (null: none). */
    public static Run run(Path dir, String input, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(path()));
        command.addAll(List.of(arguments));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        if (input != null) {
            p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool " + String.join(" ", arguments) + " did not finish within 60 s");
        }
        return new Run(p.exitValue(), output);
    }
}
