package org.custodyledger.projection.consume;

import org.custodyledger.projection.ProjectionConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.custodyledger.log.LogTopics;
import org.custodyledger.log.RetentionCheck;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Whether the log's topic keeps every event (no finite retention, no compaction): a projection of a
 * log that deletes its history would serve figures nobody can rebuild. Checked at start and, at
 * most every 10 s, when readiness asks; a topic not yet created has nothing to check.
 */
@ApplicationScoped
public class TopicSettings {
    private static final Logger LOG = Logger.getLogger(TopicSettings.class);

    private final Admin admin;
    private final String topic;
    private final LogHealth health;
    private final RetentionCheck retention;

    TopicSettings(ProjectionConfig config, LogHealth health, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.topic = config.topic().name();
        this.health = health;
        Map<String, Object> adminConfig = org.custodyledger.log.KafkaClients.config(bootstrapServers);
        adminConfig.putAll(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
        this.admin = Admin.create(adminConfig);
        this.retention = new RetentionCheck(admin, topic, bootstrapServers);
    }

    void onStart(@Observes StartupEvent start) {
        refresh();
    }

    void onStop(@Observes ShutdownEvent stop) {
        admin.close();
    }

    /** The admin client of this service, for the dead-letter topic too. */
    public Admin admin() {
        return admin;
    }

    /** True when a broker answers within 1.5 s: the projection cannot follow a log it cannot reach. */
    public boolean brokerReachable() {
        return LogTopics.brokerAnswers(admin, 1_500);
    }

    public void refresh() {
        try {
            List<String> problems = retention.problems();
            if (!problems.equals(health.topicProblems())) {
                problems.forEach(p -> LOG.errorf("the event log is not kept forever; the projection stays unready: %s", p));
            }
            health.topicProblems(problems);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                health.topicProblems(List.of());
            } else {
                LOG.debugf("cannot read the settings of topic %s: %s", topic, e.getCause());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.debugf("cannot read the settings of topic %s: Kafka did not answer", topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
