package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The projection's packages are layers along the path of an event (README, "Layout"): each may
 * use only those below it, so the imports show no cycle. Read from the sources, imports and fully
 * qualified names alike.
 */
class PackageLayersTest {
    /** Lowest first; read, admin and audit are all on top and do not use each other. */
    private static final Map<String, Integer> LAYER = Map.of("", 0, "query", 1, "derive", 2, "write", 3, "push", 4, "consume", 5,
            "read", 6, "admin", 6, "audit", 6);
    private static final Pattern REFERENCE = Pattern.compile("org\\.custodyledger\\.projection\\.([a-z]+)\\.[A-Z]");

    @Test
    void eachPackageUsesOnlyThoseBelowIt() throws IOException {
        Path root = Path.of("src/main/java/org/custodyledger/projection");
        List<String> violations = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(20);
        for (Path source : sources) {
            Path dir = root.relativize(source).getParent();
            String pkg = dir == null ? "" : dir.toString();
            assertThat(LAYER).as("package %s has a place in the layers", pkg).containsKey(pkg);
            Matcher m = REFERENCE.matcher(Files.readString(source));
            while (m.find()) {
                String used = m.group(1);
                assertThat(LAYER).as("package %s (used by %s) has a place in the layers", used, source).containsKey(used);
                if (!used.equals(pkg) && LAYER.get(used) >= LAYER.get(pkg)) {
                    violations.add(source.getFileName() + " (" + pkg + ") uses " + used);
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
