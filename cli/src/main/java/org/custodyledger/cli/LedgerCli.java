package org.custodyledger.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The engineers' tool. Exit codes: 0 done, 1 the operation failed (the message says why and what
 * to do), 2 wrong usage, 3 a service or the broker could not be reached.
 */
@Command(name = "ledger-cli", mixinStandardHelpOptions = true, version = "custody ledger 1.0",
        description = "Replay, digest, export, import and inspect the custody ledger's event log.",
        subcommands = {StatusCommand.class, DigestCommand.class, ReplayCommand.class, ExportCommand.class,
                ImportCommand.class, TailCommand.class, DlqCommand.class, AuditCommand.class, VerifyReceiptCommand.class,
                VerifyProofCommand.class, VerifyCommand.class, VerifyReportCommand.class})
public class LedgerCli {
    public static final int FAILED = 1;
    public static final int UNREACHABLE = 3;

    @Option(names = "--ingest", description = "ingest service URL (default: $LEDGER_INGEST_URL or ${DEFAULT-VALUE})",
            defaultValue = "${env:LEDGER_INGEST_URL:-http://localhost:8080}", scope = CommandLine.ScopeType.INHERIT)
    String ingest;

    @Option(names = "--projection", description = "projection service URL (default: $LEDGER_PROJECTION_URL or ${DEFAULT-VALUE})",
            defaultValue = "${env:LEDGER_PROJECTION_URL:-http://localhost:8081}", scope = CommandLine.ScopeType.INHERIT)
    String projection;

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE})",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}", scope = CommandLine.ScopeType.INHERIT)
    String bootstrap;

    @Option(names = "--topic", description = "event log topic (default: $LEDGER_TOPIC or ${DEFAULT-VALUE})",
            defaultValue = "${env:LEDGER_TOPIC:-custody-events}", scope = CommandLine.ScopeType.INHERIT)
    String topic;

    @Option(names = "--token", description = "bearer token for the services (default: $LEDGER_TOKEN); locally: ./ledger token --role admin --name YOU",
            defaultValue = "${env:LEDGER_TOKEN}", scope = CommandLine.ScopeType.INHERIT)
    void token(String token) {
        Http.useToken(token);
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new LedgerCli());
        cli.setExpandAtFiles(false); // @FILE is ours: --checkpoint-key @keys.json
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CliException failure) {
                line.getErr().println("ledger-cli: " + failure.getMessage());
                return failure.exitCode();
            }
            line.getErr().println("ledger-cli: " + e);
            return FAILED;
        });
        System.exit(cli.execute(args));
    }
}
