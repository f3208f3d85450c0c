package org.custodyledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.custodyledger.audit.Ed25519;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"The admin actions (replays, drops, confirmations, gap acceptances), newest first: when, who, what, and what came of it.",
                "With --follow: an independent monitor of the log. It keeps the newest checkpoint it trusted and its own recomputation of "
                        + "the trees in --state, checks every new checkpoint's signature, its consistency with the one before and its roots "
                        + "against the records it reads from the topic, and exits 1 at the first thing that does not hold."})
class AuditCommand implements Callable<Integer> {
    @ParentCommand
    LedgerCli cli;

    @Option(names = "--last", defaultValue = "50", description = "how many actions (default ${DEFAULT-VALUE})")
    int last;

    @Option(names = "--follow", description = "monitor the log (see above) until something does not hold")
    boolean follow;

    @Option(names = "--once", description = "with --follow: one round, then exit (0: everything holds)")
    boolean once;

    @Option(names = "--state", defaultValue = "ledger-monitor.json", description = "with --follow: the monitor's memory (default ${DEFAULT-VALUE}); "
            + "keep it: a monitor started without it reads the whole log again")
    Path state;

    @Option(names = "--every", defaultValue = "PT30S", description = "with --follow: time between rounds, ISO-8601 (default ${DEFAULT-VALUE})")
    Duration every;

    @picocli.CommandLine.Mixin
    CheckpointKeys checkpointKeys;

    @Override
    public Integer call() throws Exception {
        if (follow) {
            return monitor();
        }
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

    private int monitor() throws Exception {
        if (every.isNegative() || every.isZero()) {
            throw new CliException(2, "--every must be positive");
        }
        LogMonitor monitor = new LogMonitor(cli, state,
                checkpointKeys.trusted(cli));
        while (true) {
            List<String> alerts = monitor.round();
            if (!alerts.isEmpty()) {
                alerts.forEach(a -> System.out.println("ALERT   " + a));
                System.out.println("the monitor stops: what it trusted is kept in " + state + "; the next run checks the same again");
                return LedgerCli.FAILED;
            }
            if (once) {
                return 0;
            }
            Thread.sleep(every.toMillis());
        }
    }
}
