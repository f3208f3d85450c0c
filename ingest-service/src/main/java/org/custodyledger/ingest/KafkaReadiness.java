package org.custodyledger.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while Kafka does not answer: every append would be a 503 anyway. */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {
    private final EventLogTopic topic;

    KafkaReadiness(EventLogTopic topic) {
        this.topic = topic;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("kafka").status(topic.reachable()).withData("topic", topic.name()).build();
    }
}
