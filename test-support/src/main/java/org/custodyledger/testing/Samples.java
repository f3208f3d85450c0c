package org.custodyledger.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The project's own samples ({@code samples/} at the root of the checkout), read from a module's
 * directory: the repatriation story that follows the seed case, and what it must show.
 */
public final class Samples {
    private Samples() {
    }

    public static Path dir() {
        return Path.of("..", "samples");
    }

    public static String repatriationNdjson() {
        return read("repatriation.ndjson");
    }

    public static List<String> repatriationLines() {
        return repatriationNdjson().lines().filter(line -> !line.isBlank()).toList();
    }

    public static String repatriationExpected() {
        return read("repatriation.expected.json");
    }

    private static String read(String name) {
        try {
            return Files.readString(dir().resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
