package org.custodyledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Projection position and lag per partition, poison records, replay progress.")
class StatusCommand implements Callable<Integer> {
    @ParentCommand
    LedgerCli cli;

    @Override
    public Integer call() {
        JsonNode status = Http.ok(Http.get(cli.projection + "/admin/status"), "reading status");
        System.out.println("position      " + status.get("position").asText());
        System.out.println("lag           " + status.get("lag").asLong() + " records");
        System.out.println("consumer      " + (status.get("consumerRunning").asBoolean() ? "running" : "NOT running"));
        status.get("positions").fields().forEachRemaining(p ->
                System.out.println("  partition " + p.getKey() + "  next offset " + p.getValue().asLong()));
        long pending = status.path("pendingDerivations").asLong();
        if (pending > 0) {
            System.out.println("catching up   " + pending + " derivation(s) pending: the figures served cover the positions above; "
                    + "later records are applied and derived every few seconds");
        }
        System.out.println("poison        " + status.get("rejectedRecords").asInt() + " record(s) (ledger-cli dlq list)");
        JsonNode replay = status.get("replay");
        System.out.println("replay        " + replay.get("phase").asText() + " " + replay.get("eventsDone").asLong() + "/"
                + replay.get("eventsTotal").asLong() + "  " + replay.get("message").asText());
        return 0;
    }
}
