package org.custodyledger.events;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The shared seed fixture, read from ../shared (never copied); tests skip, saying why, where it is absent. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path sharedDir() {
        String configured = System.getProperty("shared.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
        assumeTrue(Files.isDirectory(dir.resolve("fixtures")),
                "../shared/fixtures not found beside the checkout (looked in " + dir.toAbsolutePath() + "); seed tests skipped");
        return dir;
    }

    public static List<JsonNode> seedLines() {
        try {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : Files.readAllLines(sharedDir().resolve("fixtures/seed-article.ndjson"), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    nodes.add(EventJson.parse(line.getBytes(StandardCharsets.UTF_8)));
                }
            }
            return nodes;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
