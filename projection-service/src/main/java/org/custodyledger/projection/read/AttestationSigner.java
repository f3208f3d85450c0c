package org.custodyledger.projection.read;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.custodyledger.audit.Attestation;
import org.custodyledger.audit.CanonicalJson;
import org.custodyledger.audit.Checkpoint;
import org.custodyledger.projection.ProjectionConfig;
import org.custodyledger.projection.ProjectionKey;
import org.custodyledger.projection.query.CheckpointStore;
import org.custodyledger.projection.query.LogTrees;

/** Signs an answer's attestation with the projection's key, naming the checkpoint of the answer's state when there is one. */
@ApplicationScoped
public class AttestationSigner {
    private final ProjectionKey key;
    private final ProjectionConfig config;
    private final AgroalDataSource dataSource;

    AttestationSigner(ProjectionKey key, ProjectionConfig config, AgroalDataSource dataSource) {
        this.key = key;
        this.config = config;
        this.dataSource = dataSource;
    }

    Attestation sign(String request, String answerJson, List<LogTrees.PartitionTree> trees) throws SQLException {
        List<Checkpoint.PartitionRoot> roots = trees.stream().map(t -> new Checkpoint.PartitionRoot(t.partition(), t.size(), t.root())).toList();
        Optional<Checkpoint> latest = CheckpointStore.latest(dataSource);
        Long sequence = latest.filter(c -> c.partitions().equals(roots)).map(Checkpoint::sequence).orElse(null);
        return Attestation.sign(key.signing(), request, CanonicalJson.sha256(answerJson), config.topic().name(), roots, sequence,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
    }
}
