package org.custodyledger.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.custodyledger.events.LogHeaders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "tail", mixinStandardHelpOptions = true, description = "Follow the log, one line per event; Ctrl-C to stop.")
class TailCommand implements Callable<Integer> {
    @ParentCommand
    LedgerCli cli;

    @Option(names = "--type", description = "only this event type, e.g. TransferInitiated")
    String type;

    @Option(names = "--from-beginning", description = "start at the first record, not at the end")
    boolean fromBeginning;

    @Option(names = "--limit", description = "stop after this many events")
    Long limit;

    @Option(names = "--json", description = "print each stored event as JSON")
    boolean json;

    @Override
    public Integer call() {
        long shown = 0;
        try (KafkaConsumer<String, byte[]> consumer = LogAccess.consumer(cli.bootstrap)) {
            List<TopicPartition> partitions = LogAccess.partitions(consumer, cli.topic);
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            while (limit == null || shown < limit) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String recordType = LogAccess.header(record, LogHeaders.TYPE);
                    if (type != null && !type.equals(recordType)) {
                        continue;
                    }
                    if (json) {
                        System.out.println(LogAccess.exportLine(record));
                    } else {
                        System.out.printf("%d/%d  %-20s %s  %s  %s%n", record.partition(), record.offset(), recordType,
                                LogAccess.header(record, LogHeaders.TIME), LogAccess.header(record, LogHeaders.SUBJECT), LogAccess.header(record, LogHeaders.ID));
                    }
                    if (limit != null && ++shown >= limit) {
                        break;
                    }
                }
                System.out.flush();
            }
        }
        return 0;
    }

}
