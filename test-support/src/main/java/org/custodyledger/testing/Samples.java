package org.custodyledger.testing;

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
        return SharedFixtures.text(dir().resolve(name));
    }
}
