package org.custodyledger.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.custodyledger.events.EventJson;
import org.custodyledger.events.EventReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Dead letters: 'list' shows each poison record and why; 'redrive' posts those that now read (after a fix) to the ingest API.")
class DlqCommand implements Callable<Integer> {
    @ParentCommand
    LedgerCli cli;

    @Parameters(index = "0", arity = "0..1", defaultValue = "list", description = "list (default) or redrive")
    String action;

    @Override
    public Integer call() {
        if (!action.equals("list") && !action.equals("redrive")) {
            throw new CliException(2, "unknown dlq action '" + action + "': use list or redrive");
        }
        List<ConsumerRecord<String, byte[]>> letters = readAll();
        if (action.equals("list")) {
            for (ConsumerRecord<String, byte[]> letter : letters) {
                System.out.printf("from %s/%s: %s%n", LogAccess.header(letter, "dlq_source_partition"), LogAccess.header(letter, "dlq_source_offset"),
                        LogAccess.header(letter, "dlq_reason"));
            }
            System.out.println(letters.size() + " dead letter(s) in " + cli.topic + ".dlq");
            return 0;
        }
        StringBuilder body = new StringBuilder();
        int readable = 0;
        int untrusted = 0;
        for (ConsumerRecord<String, byte[]> letter : letters) {
            String reason = LogAccess.header(letter, "dlq_reason");
            if (reason != null && reason.startsWith("signature:")) {
                untrusted++; // not written by ingest: re-driving it would record it under the redriver's name
                continue;
            }
            try {
                var stored = EventJson.parse(letter.value());
                if (EventReader.readStored(stored).isValid()) {
                    body.append(LogAccess.submission(stored)).append('\n');
                    readable++;
                }
            } catch (Exception stillPoison) {
                // not JSON: stays a dead letter
            }
        }
        if (readable > 0) {
            Http.ok(Http.post(cli.ingest + "/events/batch", "application/x-ndjson", body.toString()), "re-driving dead letters");
        }
        System.out.println(readable + " of " + letters.size() + " dead letter(s) re-driven; the rest still do not read"
                + (untrusted == 0 ? "" : " (" + untrusted + " not signed by ingest are left: check where they came from, and post "
                        + "the genuine ones through the ingest API yourself)"));
        return 0;
    }

    private List<ConsumerRecord<String, byte[]>> readAll() {
        String topic = cli.topic + ".dlq";
        List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = LogAccess.consumer(cli.bootstrap)) {
            List<TopicPartition> partitions;
            try {
                partitions = LogAccess.partitions(consumer, topic);
            } catch (CliException noTopic) {
                if (noTopic.exitCode() == LedgerCli.FAILED) {
                    return letters; // no dead letter was ever written
                }
                throw noTopic;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(letters::add);
            }
        }
        return letters;
    }

}
