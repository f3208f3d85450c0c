package org.custodyledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "digest", mixinStandardHelpOptions = true,
        description = "Print the digest of the live read models: the same log gives the same digest on any machine.")
class DigestCommand implements Callable<Integer> {
    @ParentCommand
    LedgerCli cli;

    @Override
    public Integer call() {
        JsonNode digest = Http.ok(Http.get(cli.projection + "/admin/digest"), "reading the digest");
        System.out.println(digest.get("digest").asText());
        System.err.println("(" + digest.get("algorithm").asText() + ", at " + digest.get("position").asText() + ")");
        return 0;
    }
}
