package org.custodyledger.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogRetentionTest {
    @Test
    void aLedgerTopicKeepsEveryRecordForeverAndWaitsForTwoReplicasWhereThereAreTwo() {
        assertThat(LogRetention.required(1, null)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "retention.ms", "-1", "retention.bytes", "-1", "cleanup.policy", "delete", "min.insync.replicas", "1"));
        assertThat(LogRetention.required(3, null)).containsEntry("min.insync.replicas", "2");
        assertThat(LogRetention.required(3, 3)).containsEntry("min.insync.replicas", "3");
        assertThat(LogRetention.required(-1, null)).doesNotContainKey("min.insync.replicas");
        assertThat(LogRetention.problems("t", LogRetention.required(3, null), "b:9092")).isEmpty();
    }

    @Test
    void aTopicThatDeletesOrCompactsIsUnfitAndTheProblemSaysHowToFixIt() {
        List<String> problems = LogRetention.problems("custody-events",
                Map.of("retention.ms", "604800000", "retention.bytes", "1073741824", "cleanup.policy", "compact,delete"), "kafka:9092");
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).contains("retention.ms=604800000", "7 days",
                "kafka-configs.sh --bootstrap-server kafka:9092 --alter --entity-type topics --entity-name custody-events --add-config retention.ms=-1");
        assertThat(problems.get(1)).contains("retention.bytes=1073741824", "--add-config retention.bytes=-1");
        assertThat(problems.get(2)).contains("cleanup.policy=compact,delete", "--add-config cleanup.policy=delete");
    }

    @Test
    void aGapIsWhereTheLogStartsPastWhatTheReaderNeeds() {
        assertThat(LogGap.find(Map.of(0, 10L, 1, 3L), Map.of(0, 5L, 1, 5L, 2, 0L))).containsExactly(new LogGap(1, 3, 5));
        assertThat(LogGap.find(Map.of(), Map.of(0, 0L, 1, 7L))).containsExactly(new LogGap(1, 0, 7));
        assertThat(new LogGap(1, 0, 7).missing()).isEqualTo(7);
        assertThat(new LogGap(1, 0, 7).toString()).contains("partition 1", "0..6", "starts at 7");
        assertThat(LogGap.find(Map.of(0, 5L), Map.of(0, 5L))).isEmpty();
    }
}
