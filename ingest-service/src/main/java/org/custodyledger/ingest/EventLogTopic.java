package org.custodyledger.ingest;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Creates the event log topic on first use and tells whether the cluster answers. */
@ApplicationScoped
public class EventLogTopic {
    private static final Logger LOG = Logger.getLogger(EventLogTopic.class);

    private final LedgerConfig config;
    private final Admin admin;
    private volatile boolean exists;

    EventLogTopic(LedgerConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
    }

    void onStart(@Observes StartupEvent start) {
        try {
            ensureExists();
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
        NewTopic topic = new NewTopic(name(), config.topic().partitions(), config.topic().replicationFactor());
        try {
            admin.createTopics(List.of(topic)).all().get(5, TimeUnit.SECONDS);
            LOG.infof("created topic %s with %d partitions", name(), config.topic().partitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new LogUnavailableException("cannot create topic " + name() + ": " + e.getCause().getMessage(), e);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new LogUnavailableException("Kafka did not answer within 5 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted", e);
        }
        awaitLeaders();
        exists = true;
    }

    /**
     * Until every partition's leader serves it: the idempotent producer's first requests to a partition
     * the broker is still creating can be refused, retried out of order and expire
     * (OUT_OF_ORDER_SEQUENCE_NUMBER, KAFKA-15591), so appends wait for a topic that is ready.
     */
    private void awaitLeaders() throws LogUnavailableException {
        try {
            // Answered by each partition's leader once it serves the partition (the admin client
            // retries NOT_LEADER_OR_FOLLOWER); describeTopics alone can name a leader a moment early.
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            admin.describeTopics(List.of(name())).allTopicNames().get(5, TimeUnit.SECONDS).get(name()).partitions()
                    .forEach(p -> latest.put(new org.apache.kafka.common.TopicPartition(name(), p.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest()));
            admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new LogUnavailableException("topic " + name() + " is not ready for appends: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted", e);
        }
    }

    /** True when a broker answers within two seconds. */
    public boolean reachable() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).nodes().get(3, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
