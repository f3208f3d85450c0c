package org.custodyledger.projection.consume;

import jakarta.enterprise.context.ApplicationScoped;
import org.custodyledger.log.LogGap;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the figures can be trusted to follow the log: Kafka answers, the consumer is attached, no
 * records it needs are missing from the log, its position is not stuck behind the log's end, and
 * the topic keeps every event. Each reason for DOWN is named in the answer.
 */
@Readiness
@ApplicationScoped
public class ConsumerReadiness implements HealthCheck {
    private final ProjectionProgress progress;
    private final LogHealth health;
    private final TopicSettings topicSettings;

    private final org.custodyledger.projection.write.ApplierLease lease;

    ConsumerReadiness(ProjectionProgress progress, LogHealth health, TopicSettings topicSettings, org.custodyledger.projection.write.ApplierLease lease) {
        this.lease = lease;
        this.progress = progress;
        this.health = health;
        this.topicSettings = topicSettings;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder answer = HealthCheckResponse.named("projection-consumer")
                .withData("position", progress.position()).withData("lag", health.totalLag());
        boolean up = progress.running();
        answer.withData("role", lease.applier() ? "applies the log (epoch " + lease.epoch() + ")" : "follows the applier and serves reads");
        if (topicSettings.brokerReachable()) {
            topicSettings.refresh();
        } else {
            up = false;
            answer.withData("kafka", "Kafka does not answer; the figures served stay at position " + progress.position());
        }
        if (!up) {
            answer.withData("consumer", "not attached to the log" + (health.lastFailure() == null ? "" : "; last failure " + health.lastFailure()));
        }
        int i = 0;
        for (LogGap gap : health.gaps()) {
            up = false;
            answer.withData("gap" + ++i, gap + "; restore the log from an export (ledger cli import) or accept the gap: POST /admin/gaps/accept?reason=...");
        }
        if (health.stalled()) {
            up = false;
            answer.withData("stalled", "no progress for " + health.secondsSinceAdvance() + " s with " + health.totalLag() + " records past the position"
                    + (health.lastFailure() == null ? "" : "; last failure " + health.lastFailure()));
        }
        i = 0;
        for (String problem : health.topicProblems()) {
            up = false;
            answer.withData("topic" + ++i, problem);
        }
        return answer.status(up).build();
    }
}
