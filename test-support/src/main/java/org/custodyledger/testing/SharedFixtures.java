package org.custodyledger.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The seed case from {@code ../shared/fixtures}, read in place, never copied into the project.
 * Where the folder is absent (a checkout without shared/ beside it), the calling test is skipped
 * with a message that says so.
 */
public final class SharedFixtures {
    private SharedFixtures() {
    }

    public static Path fixturesDir() {
        String configured = System.getProperty("shared.dir");
        Path dir = (configured != null ? Path.of(configured) : Path.of("..", "..", "shared")).resolve("fixtures");
        assumeTrue(Files.isDirectory(dir), "shared fixtures not found at " + dir.toAbsolutePath()
                + " (clone the project beside its shared/ folder); test skipped");
        return dir;
    }

    /** The 52 envelopes of the seed article, one JSON object per element, in file order. */
    public static List<String> seedLines() {
        return read("seed-article.ndjson").lines().filter(line -> !line.isBlank()).toList();
    }

    public static String seedNdjson() {
        return read("seed-article.ndjson");
    }

    public static String expectedJson() {
        return read("seed-article.expected.json");
    }

    private static String read(String name) {
        return text(fixturesDir().resolve(name));
    }

    /** A fixture's text (UTF-8). */
    static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
