package org.custodyledger.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the log to NDJSON: one line per record with partition, offset, key, headers, the stored bytes (\"value\") "
                + "and the event they hold; 'verify --export' recomputes the log's trees from it.")
class ExportCommand implements Callable<Integer> {
    @ParentCommand
    LedgerCli cli;

    @Option(names = {"-o", "--out"}, required = true, description = "file to write")
    Path out;

    @Option(names = "--from", description = "only events that occurred at or after this instant (ISO-8601)")
    Instant from;

    @Option(names = "--to", description = "only events that occurred before this instant (ISO-8601)")
    Instant to;

    @Override
    public Integer call() throws IOException {
        long written = 0;
        try (KafkaConsumer<String, byte[]> consumer = LogAccess.consumer(cli.bootstrap);
             BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            List<TopicPartition> partitions = LogAccess.partitions(consumer, cli.topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            // An export of a log that lost its head is not the whole ledger: say so, per partition.
            consumer.beginningOffsets(partitions).forEach((p, start) -> {
                if (start > 0) {
                    System.err.println("warning: partition " + p.partition() + " starts at offset " + start
                            + ": records 0.." + (start - 1) + " are no longer in the log, so this export does not hold them");
                }
            });
            Progress progress = new Progress("export", end.values().stream().mapToLong(Long::longValue).sum(), System.err);
            long read = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    var line = ExportedRecord.line(record);
                    var occurred = line.path("event").path("occurredAt");
                    if (occurred.isTextual() && !inRange(Instant.parse(occurred.asText()))) {
                        continue;
                    }
                    writer.write(line.toString());
                    writer.write('\n');
                    written++;
                }
                progress.update(partitions.stream().mapToLong(consumer::position).sum());
            }
            progress.done(partitions.stream().mapToLong(consumer::position).sum());
        }
        System.out.println(written + " records written to " + out);
        return 0;
    }

    private boolean inRange(Instant occurredAt) {
        return (from == null || !occurredAt.isBefore(from)) && (to == null || occurredAt.isBefore(to));
    }
}
