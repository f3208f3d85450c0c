package org.custodyledger.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while Kafka does not answer (every append would be a 503 anyway), nor while the topic
 * would delete what is appended to it (an event accepted into a 7-day log is an event lost in a
 * week), nor while Kafka refuses ingest's user.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {
    private final EventLogTopic topic;
    private final EventLog log;

    KafkaReadiness(EventLogTopic topic, EventLog log) {
        this.topic = topic;
        this.log = log;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder answer = HealthCheckResponse.named("kafka").withData("topic", topic.name());
        if (!topic.reachable()) {
            return answer.down().withData("reason", "Kafka does not answer").build();
        }
        try {
            topic.ensureExists();
            String refused = log.kafkaRefusal();
            if (refused != null) {
                answer.down().withData("reason", "Kafka refuses ingest's user (" + refused + "): every append would fail. Grant it the ACLs "
                        + "in README, Security, Kafka: Write and Describe on the transactional id prefix custody-ingest-, Write, Read, "
                        + "Describe and DescribeConfigs on the topic");
            }
            List<String> problems = topic.settingsProblems();
            for (int i = 0; i < problems.size(); i++) {
                answer.withData("problem" + (i + 1), problems.get(i));
            }
            return answer.status(problems.isEmpty() && refused == null).build();
        } catch (LogUnavailableException e) {
            return answer.down().withData("reason", e.getMessage()).build();
        }
    }
}
