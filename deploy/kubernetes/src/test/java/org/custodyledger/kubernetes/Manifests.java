package org.custodyledger.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An overlay as kubectl kustomize renders it: one JSON tree per resource. */
final class Manifests {
    static final Path HERE = Path.of(".");
    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final YAMLMapper YAML = new YAMLMapper();

    private Manifests() {
    }

    static List<JsonNode> render(String overlay) throws IOException, InterruptedException {
        String kubectl = System.getenv().getOrDefault("KUBECTL", "kubectl");
        Process p;
        try {
            p = new ProcessBuilder(kubectl, "kustomize", HERE.resolve("overlays").resolve(overlay).toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("the manifests are rendered with kubectl kustomize: install kubectl (./ledger test does, as root) "
                    + "or set KUBECTL=/path/to/kubectl", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize overlays/" + overlay + " failed:\n" + out);
        }
        return documents(out);
    }

    static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    static JsonNode one(List<JsonNode> docs, String kind, String name) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind) && d.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    static List<JsonNode> all(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }
}
