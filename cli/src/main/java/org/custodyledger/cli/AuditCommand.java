package org.custodyledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "The admin actions (replays, drops, confirmations, gap acceptances), newest first: when, who, what, and what came of it.")
class AuditCommand implements Callable<Integer> {
    @ParentCommand
    LedgerCli cli;

    @Option(names = "--last", defaultValue = "50", description = "how many actions (default ${DEFAULT-VALUE})")
    int last;

    @Override
    public Integer call() {
        if (last < 1) {
            throw new CliException(2, "--last must be at least 1");
        }
        int shown = 0;
        String cursor = null;
        while (shown < last) {
            int limit = Math.min(1000, last - shown);
            JsonNode page = Http.ok(Http.get(cli.projection + "/admin/audit?limit=" + limit
                    + (cursor == null ? "" : "&after=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))), "reading the audit trail");
            for (JsonNode a : page.get("actions")) {
                System.out.println(a.get("at").asText() + "  " + a.get("actor").asText() + "  " + a.get("action").asText()
                        + (a.get("detail").isNull() ? "" : " (" + a.get("detail").asText() + ")") + "  -> " + a.get("outcome").asText());
                shown++;
            }
            cursor = page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
            if (cursor == null) {
                break;
            }
        }
        if (shown == 0) {
            System.out.println("no admin actions recorded");
        }
        return 0;
    }
}
