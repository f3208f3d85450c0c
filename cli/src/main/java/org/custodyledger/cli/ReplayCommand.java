package org.custodyledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Rebuild every read model from the start of the log beside the live ones, then switch; shows progress.")
class ReplayCommand implements Callable<Integer> {
    @ParentCommand
    LedgerCli cli;

    @Option(names = "--confirm", description = "after the switch, drop the replaced read models")
    boolean confirm;

    @Option(names = "--no-wait", description = "start it and return; follow it with 'status'")
    boolean noWait;

    @Option(names = "--up-to", description = "build only events that occurred up to this instant (ISO-8601); reports the digest, does not switch")
    String upTo;

    @Option(names = "--up-to-position", description = "build only up to this log position (a consistency token); does not switch")
    String upToPosition;

    @Option(names = "--force", paramLabel = "REASON",
            description = "switch even if the log was truncated or the rebuild holds fewer events than the live models; the reason is recorded")
    String forceReason;

    @Override
    public Integer call() throws InterruptedException {
        StringBuilder query = new StringBuilder();
        if (upTo != null) {
            query.append(query.length() == 0 ? "?" : "&").append("upTo=").append(java.net.URLEncoder.encode(upTo, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (upToPosition != null) {
            query.append(query.length() == 0 ? "?" : "&").append("upToPosition=").append(upToPosition);
        }
        if (forceReason != null) {
            query.append(query.length() == 0 ? "?" : "&").append("force=true&reason=")
                    .append(java.net.URLEncoder.encode(forceReason, java.nio.charset.StandardCharsets.UTF_8));
        }
        Http.Answer started = Http.post(cli.projection + "/admin/replay" + query, "application/json", "");
        if (started.status() != 202 && started.status() != 409) {
            Http.ok(started, "starting the replay");
        }
        if (started.status() == 409) {
            System.err.println("a replay is already running; following it");
        }
        if (noWait) {
            return 0;
        }
        Progress progress = null;
        while (true) {
            JsonNode status = Http.ok(Http.get(cli.projection + "/admin/replay"), "reading replay progress");
            String phase = status.get("phase").asText();
            if (progress == null && status.get("eventsTotal").asLong() > 0) {
                progress = new Progress("replay", status.get("eventsTotal").asLong(), System.err);
            }
            if (progress != null) {
                progress.update(status.get("eventsDone").asLong());
            }
            if (phase.equals("FAILED") || phase.equals("REFUSED")) {
                throw new CliException(LedgerCli.FAILED, status.get("message").asText());
            }
            if (phase.equals("BUILT")) {
                if (progress != null) {
                    progress.done(status.get("eventsDone").asLong());
                }
                System.out.println("digest of the bounded rebuild " + status.get("digestAfter").asText());
                System.out.println(status.get("message").asText());
                return 0;
            }
            if (phase.equals("SWITCHED") || phase.equals("CONFIRMED")) {
                if (progress != null) {
                    progress.done(status.get("eventsDone").asLong());
                }
                System.out.println("digest before " + status.get("digestBefore").asText());
                System.out.println("digest after  " + status.get("digestAfter").asText());
                System.out.println(status.get("message").asText());
                break;
            }
            Thread.sleep(200);
        }
        if (confirm) {
            JsonNode confirmed = Http.ok(Http.post(cli.projection + "/admin/replay/confirm", "application/json", ""), "confirming the switch");
            System.out.println(confirmed.get("message").asText());
        }
        return 0;
    }
}
