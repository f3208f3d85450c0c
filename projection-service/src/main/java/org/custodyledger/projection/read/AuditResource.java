package org.custodyledger.projection.read;

import io.agroal.api.AgroalDataSource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.custodyledger.projection.Problem;
import org.custodyledger.projection.Schemas;
import org.custodyledger.projection.query.LogTrees;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The log's Merkle trees as the projection has read them: roots, and proofs that an event's record is in them. */
@Path("/audit")
@RolesAllowed({"viewer", "auditor", "admin"})
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    private static final String ALGORITHM = "RFC 9162 Merkle tree per partition, SHA-256; leaves: LogLeaf custody-ledger/record/v1";

    private final AgroalDataSource dataSource;

    AuditResource(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public record Trees(String algorithm, List<LogTrees.PartitionTree> partitions) {
    }

    @GET
    @Path("tree")
    @Operation(summary = "Each partition's tree: how many records it holds and its root (hex); size -1 while a tree is incomplete")
    public Trees tree() {
        return inSnapshot(c -> new Trees(ALGORITHM, LogTrees.trees(c)));
    }

    @GET
    @Path("events/{eventId}/proof")
    @Operation(summary = "The inclusion proof of an event's record in its partition's tree as it stands (RFC 9162 audit path, hex)")
    public LogTrees.InclusionProof proof(@PathParam("eventId") String eventId) {
        UUID id;
        try {
            id = UUID.fromString(eventId);
        } catch (IllegalArgumentException e) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid eventId", "eventId is a UUID.",
                    new Problem.Error("eventId", "'" + eventId + "' is not a UUID"));
        }
        return inSnapshot(c -> LogTrees.proof(c, id)).orElseThrow(() -> Problem.of(Response.Status.NOT_FOUND, "not-found", "No such event",
                "No event " + eventId + " in the records the projection has read into its trees (see GET /audit/tree)."));
    }

    @GET
    @Path("consistency")
    @Operation(summary = "The proof (RFC 9162, hex) that a partition's tree of `to` records extends its tree of `from` records: "
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

    private interface Read<T> {
        T apply(Connection c) throws SQLException;
    }

    /** One snapshot: the size and the nodes a root is computed from belong together. */
    private <T> T inSnapshot(Read<T> read) {
        try (Connection c = Schemas.connect(dataSource, Schemas.LIVE)) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            try (var s = c.createStatement()) {
                s.execute("SET LOCAL statement_timeout = '5s'");
            }
            try {
                return read.apply(c);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw Problem.of(Response.Status.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
                    "PostgreSQL did not answer: " + e.getMessage() + ". Retry shortly.");
        }
    }
}
