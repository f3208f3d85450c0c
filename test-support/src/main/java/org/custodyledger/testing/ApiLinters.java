package org.custodyledger.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Spectral and Redocly CLI, as deploy/api-lint pins and configures them ({@code ./ledger test}
 * installs them there with npm), run on an OpenAPI document.
 */
public final class ApiLinters {
    /** What a linter said, and its exit code. */
    public record Run(int exit, String output) {
    }

    private ApiLinters() {
    }

    public static Run spectral(Path root, Path document) throws IOException, InterruptedException {
        return run(root, "spectral", "lint", "--ruleset", ".spectral.yaml", "--fail-severity", "warn", document.toAbsolutePath().toString());
    }

    public static Run redocly(Path root, Path document) throws IOException, InterruptedException {
        return run(root, "redocly", "lint", "--config", "redocly.yaml", "--format", "stylish", "--max-problems", "200",
                document.toAbsolutePath().toString());
    }

    private static Run run(Path root, String tool, String... arguments) throws IOException, InterruptedException {
        Path dir = root.resolve("deploy/api-lint").toAbsolutePath().normalize();
        Path bin = dir.resolve("node_modules/.bin/" + tool);
        if (!Files.isExecutable(bin)) {
            throw new AssertionError(tool + " is needed to lint the API documents: ./ledger test installs it (npm ci in deploy/api-lint)");
        }
        List<String> command = new ArrayList<>(List.of(bin.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("REDOCLY_TELEMETRY", "off");
        builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process p = builder.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(tool + " did not finish within 120 s");
        }
        return new Run(p.exitValue(), output);
    }
}
