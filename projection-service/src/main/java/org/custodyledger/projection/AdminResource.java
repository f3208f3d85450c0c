package org.custodyledger.projection;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import org.custodyledger.ledger.LedgerDigest;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The engineers' API: replay, digest, status. The CLI is a client of it. */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    private final ReplayService replay;
    private final ProjectionProgress progress;
    private final ProjectionStore store;

    AdminResource(ReplayService replay, ProjectionProgress progress, ProjectionStore store) {
        this.replay = replay;
        this.progress = progress;
        this.store = store;
    }

    @GET
    @Path("replay")
    @Operation(summary = "Progress of the current or last replay: events done, events/s, ETA, digests before and after")
    public ReplayService.Status replayStatus() {
        return replay.status();
    }

    @POST
    @Path("replay")
    @Operation(summary = "Rebuild every read model from the start of the log into a shadow schema, then switch. "
            + "With upTo (an instant) or upToPosition (a consistency token) it builds only that far, reports the digest, and does not switch")
    public Response startReplay(@QueryParam("upTo") String upTo, @QueryParam("upToPosition") String upToPosition) {
        ReplayService.Bound bound;
        try {
            bound = new ReplayService.Bound(upTo == null || upTo.isBlank() ? null : java.time.OffsetDateTime.parse(upTo).toInstant(),
                    upToPosition == null || upToPosition.isBlank() ? null : org.custodyledger.events.ConsistencyToken.parse(upToPosition));
        } catch (RuntimeException e) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid replay bound", e.getMessage(),
                    new Problem.Error(upTo != null ? "upTo" : "upToPosition", "must be an ISO-8601 instant / a consistency token"));
        }
        if (!replay.start(bound)) {
            throw Problem.of(Response.Status.CONFLICT, "replay-running", "A replay is running",
                    "Wait for it to finish; GET /admin/replay shows its progress.");
        }
        return Response.accepted(replay.status()).build();
    }

    @DELETE
    @Path("replay")
    @Operation(summary = "Drop the shadow read models of a bounded or unfinished replay")
    public ReplayService.Status discard() throws SQLException, InterruptedException {
        return replay.discard();
    }

    @POST
    @Path("replay/confirm")
    @Operation(summary = "Drop the read models the last switch replaced")
    public ReplayService.Status confirm() throws SQLException {
        return replay.confirm();
    }

    @GET
    @Path("digest")
    @Operation(summary = "Digest of the live read models: identical logs give identical digests")
    public Map<String, Object> digest() throws SQLException {
        Map<String, Object> answer = new TreeMap<>();
        answer.put("digest", replay.digest(Schemas.LIVE));
        answer.put("algorithm", LedgerDigest.ALGORITHM);
        answer.put("position", progress.position());
        return answer;
    }

    @GET
    @Path("status")
    @Operation(summary = "Position and lag per partition, poison records, replay progress")
    public Map<String, Object> status() throws SQLException {
        Map<String, Object> answer = new TreeMap<>();
        answer.put("positions", new TreeMap<>(store.positions(Schemas.LIVE)));
        answer.put("position", progress.position());
        answer.put("lag", progress.lag());
        answer.put("consumerRunning", progress.running());
        answer.put("rejectedRecords", store.rejectedRecords(Schemas.LIVE).size());
        answer.put("replay", replay.status());
        return answer;
    }
}
