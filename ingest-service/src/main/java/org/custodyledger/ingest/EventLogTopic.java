package org.custodyledger.ingest;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.custodyledger.log.LogTopics;
import org.custodyledger.log.RetentionCheck;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the event log topic on first use, with the settings of a log kept forever, and tells
 * whether the cluster answers and whether an existing topic is fit to keep the ledger.
 */
@ApplicationScoped
public class EventLogTopic {
    private static final Logger LOG = Logger.getLogger(EventLogTopic.class);

    private final LedgerConfig config;
    private final Admin admin;
    private final RetentionCheck retention;
    private volatile boolean exists;

    EventLogTopic(LedgerConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        Map<String, Object> adminConfig = org.custodyledger.log.KafkaClients.config(bootstrapServers);
        adminConfig.putAll(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
        this.admin = Admin.create(adminConfig);
        this.retention = new RetentionCheck(admin, config.topic().name(), bootstrapServers);
    }

    void onStart(@Observes StartupEvent start) {
        try {
            ensureExists();
            List<String> problems = settingsProblems();
            problems.forEach(p -> LOG.errorf("the event log is not kept forever; this instance stays unready: %s", p));
        } catch (LogUnavailableException e) {
            // Not fatal: the service starts unready and creates the topic once Kafka answers.
            LOG.warnf("Kafka not reachable at start (%s); will retry on first request", e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        admin.close();
    }

    public String name() {
        return config.topic().name();
    }

    public void ensureExists() throws LogUnavailableException {
        if (exists) {
            return;
        }
        try {
            if (LogTopics.ensure(admin, name(), config.topic().partitions(), config.topic().replicationFactor(),
                    config.topic().minInsyncReplicas().orElse(null), 5_000)) {
                LOG.infof("created topic %s with %d partitions, kept forever", name(), config.topic().partitions());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new LogUnavailableException("topic " + name() + " is not ready for appends: "
                    + (e.getCause() != null ? e.getCause().getMessage() : "Kafka did not answer within 5 s"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted", e);
        }
        exists = true;
    }

    /**
     * What makes the topic unfit to keep the ledger (finite retention, compaction), each with the
     * command that fixes it; rechecked at most every 10 s.
     */
    public List<String> settingsProblems() throws LogUnavailableException {
        try {
            return retention.problems();
        } catch (ExecutionException | TimeoutException e) {
            throw new LogUnavailableException("cannot read the settings of topic " + name() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : "Kafka did not answer within 3 s"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted", e);
        }
    }

    /** True when a broker answers within two seconds. */
    public boolean reachable() {
        return LogTopics.brokerAnswers(admin, 2_000);
    }
}
