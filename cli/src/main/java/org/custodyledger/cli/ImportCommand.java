package org.custodyledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.custodyledger.events.EventJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Post an export (or plain NDJSON envelopes) to the ingest API in batches. Idempotent by eventId; "
                + "resumable: progress is kept in <file>.import-progress.")
class ImportCommand implements Callable<Integer> {
    @ParentCommand
    LedgerCli cli;

    @Option(names = {"-i", "--in"}, required = true, description = "NDJSON file from 'export', or of envelopes")
    Path in;

    @Option(names = "--batch", defaultValue = "500", description = "events per request (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--restart", description = "ignore the saved progress and post from the first line (safe: idempotent)")
    boolean restart;

    @Override
    public Integer call() throws IOException {
        if (batch < 1 || batch > 5000) {
            throw new CliException(2, "--batch must be between 1 and 5000");
        }
        if (!Files.isReadable(in)) {
            throw new CliException(LedgerCli.FAILED, "cannot read " + in);
        }
        List<String> lines = Files.readAllLines(in, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        Path state = in.resolveSibling(in.getFileName() + ".import-progress");
        int start = !restart && Files.exists(state) ? Integer.parseInt(Files.readString(state).strip()) : 0;
        if (start > 0) {
            System.err.println("resuming after line " + start + " (--restart to post everything again)");
        }
        Progress progress = new Progress("import", lines.size(), System.err);
        long appended = 0, duplicates = 0, skipped = 0;
        for (int i = start; i < lines.size(); i += batch) {
            StringBuilder body = new StringBuilder();
            for (String line : lines.subList(i, Math.min(lines.size(), i + batch))) {
                JsonNode node = EventJson.mapper().readTree(line);
                // The stored bytes, when the export has them, are the record; "event" is their readable copy.
                JsonNode event = node.path("value").isTextual() ? EventJson.mapper().readTree(node.get("value").asText())
                        : node.has("event") ? node.get("event") : node.has("valueBase64") ? null : node;
                if (event == null) {
                    skipped++; // a poison record in the export: nothing to import
                    continue;
                }
                body.append(LogAccess.submission(event)).append('\n');
            }
            if (body.length() > 0) {
                JsonNode answer = Http.ok(Http.post(cli.ingest + "/events/batch", "application/x-ndjson", body.toString()),
                        "posting lines " + (i + 1) + "-" + Math.min(lines.size(), i + batch));
                appended += answer.get("appended").asLong();
                duplicates += answer.get("duplicates").asLong();
            }
            int done = Math.min(lines.size(), i + batch);
            Files.writeString(state, String.valueOf(done));
            progress.update(done);
        }
        progress.done(lines.size());
        Files.deleteIfExists(state);
        System.out.println("imported " + (lines.size() - start) + " lines: " + appended + " appended, " + duplicates
                + " already in the log, " + skipped + " poison records skipped");
        return 0;
    }
}
