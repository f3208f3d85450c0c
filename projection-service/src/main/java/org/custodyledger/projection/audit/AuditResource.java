package org.custodyledger.projection.audit;

import io.agroal.api.AgroalDataSource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.custodyledger.projection.Problem;
import org.custodyledger.projection.ProjectionKey;
import org.custodyledger.projection.query.CheckpointStore;
import org.custodyledger.projection.query.LogTrees;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The log's Merkle trees as the projection has read them: roots, and proofs that an event's record is in them. */
@Path("/audit")
@RolesAllowed({"viewer", "auditor", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@org.eclipse.microprofile.openapi.annotations.tags.Tag(name = "audit", description = "The log's Merkle trees: signed checkpoints, inclusion and consistency proofs, the checkpoint keys")
public class AuditResource {
    private static final String ALGORITHM = "RFC 9162 Merkle tree per partition, SHA-256; leaves: LogLeaf custody-ledger/record/v1";

    private final AgroalDataSource dataSource;
    private final ProjectionKey key;

    AuditResource(AgroalDataSource dataSource, ProjectionKey key) {
        this.dataSource = dataSource;
        this.key = key;
    }

    public record CheckpointPage(List<org.custodyledger.audit.Checkpoint> checkpoints, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) Long nextBefore) {
    }

    @GET
    @Path("checkpoints")
    @Operation(operationId = "listCheckpoints", summary = "Signed checkpoints of the log's trees, newest first; the next page with before=nextBefore")
    public CheckpointPage checkpoints(@jakarta.ws.rs.QueryParam("before") Long before, @jakarta.ws.rs.QueryParam("limit") Integer limit) {
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > 1000) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid limit", "limit is between 1 and 1000.",
                    new Problem.Error("limit", "'" + limit + "' is out of range"));
        }
        List<org.custodyledger.audit.Checkpoint> page = fromStore(() -> CheckpointStore.newestFirst(dataSource, before, n + 1));
        Long next = page.size() > n ? page.get(n - 1).sequence() : null;
        return new CheckpointPage(page.subList(0, Math.min(n, page.size())), next);
    }

    @GET
    @Path("checkpoints/latest")
    @Operation(operationId = "getLatestCheckpoint", summary = "The newest signed checkpoint")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "OK",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = org.custodyledger.audit.Checkpoint.class)))
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "404", description = "No checkpoint signed yet",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/problem+json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = org.custodyledger.projection.Problem.class)))
    public org.custodyledger.audit.Checkpoint latestCheckpoint() {
        return fromStore(() -> CheckpointStore.latest(dataSource)).orElseThrow(() -> Problem.of(Response.Status.NOT_FOUND, "not-found", "No checkpoint yet",
                "The first is signed once the projection has read records (see ledger.checkpoints.every)."));
    }

    public record Key(String keyId, String algorithm, String publicKey) {
    }

    @GET
    @Path("checkpoint-keys")
    @Operation(operationId = "listCheckpointKeys", summary = "The Ed25519 public keys checkpoints are signed with, by key id")
    public Map<String, List<Key>> checkpointKeys() {
        return Map.of("keys", key.publicKeys().entrySet().stream()
                .map(e -> new Key(e.getKey(), org.custodyledger.audit.Ed25519.ALGORITHM, e.getValue())).toList());
    }

    private interface Store<T> {
        T get() throws SQLException;
    }

    private static <T> T fromStore(Store<T> read) {
        try {
            return read.get();
        } catch (SQLException e) {
            throw Problem.of(Response.Status.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
                    "PostgreSQL did not answer: " + e.getMessage() + ". Retry shortly.");
        }
    }

    public record Trees(String algorithm, List<LogTrees.PartitionTree> partitions) {
    }

    @GET
    @Path("tree")
    @Operation(operationId = "getTrees", summary = "Each partition's tree: how many records it holds and its root (hex); size -1 while a tree is incomplete")
    public Trees tree() {
        return inSnapshot(c -> new Trees(ALGORITHM, LogTrees.trees(c)));
    }

    @GET
    @Path("events/{eventId}/proof")
    @Operation(operationId = "getInclusionProof", summary = "The inclusion proof of an event's record in its partition's tree as it stands (RFC 9162 audit path, hex)")
    public LogTrees.InclusionProof proof(@PathParam("eventId") String eventId, @jakarta.ws.rs.QueryParam("checkpoint") Long checkpoint) {
        UUID id;
        try {
            id = UUID.fromString(eventId);
        } catch (IllegalArgumentException e) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid eventId", "eventId is a UUID.",
                    new Problem.Error("eventId", "'" + eventId + "' is not a UUID"));
        }
        org.custodyledger.audit.Checkpoint against = checkpoint == null ? null : fromStore(() -> CheckpointStore.bySequence(dataSource, checkpoint))
                .orElseThrow(() -> Problem.of(Response.Status.NOT_FOUND, "not-found", "No such checkpoint", "No checkpoint " + checkpoint
                        + " (see GET /audit/checkpoints).", new Problem.Error("checkpoint", "unknown")));
        return inSnapshot(c -> LogTrees.proof(c, id, against == null ? null
                : partition -> against.partition(partition).map(org.custodyledger.audit.Checkpoint.PartitionRoot::size).orElse(0L)))
                .orElseThrow(() -> Problem.of(Response.Status.NOT_FOUND, "not-found", "No such event",
                        "No event " + eventId + (against == null ? " in the records the projection has read into its trees (see GET /audit/tree)."
                                : " in the records checkpoint " + checkpoint + " covers.")));
    }

    @GET
    @Path("consistency")
    @Operation(operationId = "getConsistencyProof", summary = "The proof (RFC 9162, hex) that a partition's tree of `to` records extends its tree of `from` records: "
            + "what was once shown is still in the log, unchanged, in the same order")
    public LogTrees.ConsistencyProof consistency(@jakarta.ws.rs.QueryParam("partition") Integer partition,
                                                 @jakarta.ws.rs.QueryParam("from") Long from, @jakarta.ws.rs.QueryParam("to") Long to) {
        if (partition == null || from == null || to == null) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Missing parameter", "partition, from and to are required.",
                    new Problem.Error(partition == null ? "partition" : from == null ? "from" : "to", "required"));
        }
        return inSnapshot(c -> {
            long size = LogTrees.size(c, partition);
            if (size < 0) {
                throw Problem.of(Response.Status.CONFLICT, "tree-incomplete", "Tree incomplete", "Partition " + partition
                        + "'s tree was not kept from the log's start; a replay (POST /admin/replay) rebuilds it.");
            }
            if (from < 1 || from > to || to > size) {
                throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid sizes", "Need 1 <= from <= to <= " + size
                        + " (partition " + partition + "'s tree now).", new Problem.Error(from < 1 || from > to ? "from" : "to", "out of range"));
            }
            return LogTrees.consistency(c, partition, from, to);
        });
    }

    private <T> T inSnapshot(TreeSnapshot.Read<T> read) {
        return fromStore(() -> TreeSnapshot.read(dataSource, read));
    }
}
