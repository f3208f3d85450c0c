package org.custodyledger.projection;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the consumer is attached to the log; reads before that would be stale without saying so. */
@Readiness
@ApplicationScoped
public class ConsumerReadiness implements HealthCheck {
    private final ProjectionProgress progress;

    ConsumerReadiness(ProjectionProgress progress) {
        this.progress = progress;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("projection-consumer").status(progress.running())
                .withData("position", progress.position()).withData("lag", progress.lag()).build();
    }
}
