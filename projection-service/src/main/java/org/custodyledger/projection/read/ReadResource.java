package org.custodyledger.projection.read;

import org.custodyledger.projection.Problem;
import org.custodyledger.projection.query.ReadModels;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.custodyledger.ledger.TransferView;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The dashboards' read API (SPEC "HTTP surface"); every read takes asOf and consistencyToken. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ReadResource {
    private static final Set<String> STATUSES = Set.of(TransferView.IN_TRANSIT, TransferView.COMPLETED, TransferView.CANCELLED);

    private final ReadModelService reads;

    ReadResource(ReadModelService reads) {
        this.reads = reads;
    }

    @GET
    @Path("custody")
    @Operation(summary = "Every facility with population and net change; totals by custodian and country; in transit")
    public JsonNode custody(@QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        return reads.read(ReadRequest.of(asOf, token), "custody", (q, t, c) -> {
            var facilities = reads.facilities(q, t, c, null);
            return ReadModels.custody(t, facilities, q.custody(facilities));
        });
    }

    @GET
    @Path("facilities/{id}")
    public JsonNode facility(@PathParam("id") String id, @QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        return reads.read(ReadRequest.of(asOf, token), "facility/" + id, (q, t, c) -> ReadModels.tree(
                one(reads.facilities(q, t, c, List.of(id)), "facility", id, t, "/custody")));
    }

    @GET
    @Path("operations")
    public JsonNode operations(@QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        return reads.read(ReadRequest.of(asOf, token), "operations", (q, t, c) -> ReadModels.list(t, "operations", reads.operations(q, t, c, null)));
    }

    @GET
    @Path("operations/{id}")
    @Operation(summary = "plannedMax, initiated, received, inTransit, cancelled, lost, first and last activity")
    public JsonNode operation(@PathParam("id") String id, @QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        return reads.read(ReadRequest.of(asOf, token), "operation/" + id, (q, t, c) -> ReadModels.tree(
                one(reads.operations(q, t, c, id), "operation", id, t, "/operations")));
    }

    @GET
    @Path("transfers")
    public JsonNode transfers(@QueryParam("operationId") String operationId, @QueryParam("status") String status,
                              @QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        if (status != null && !STATUSES.contains(status)) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid status",
                    "status must be one of " + STATUSES + ".", new Problem.Error("status", "'" + status + "' is not a transfer status"));
        }
        return reads.read(ReadRequest.of(asOf, token), "transfers/" + operationId + "/" + status,
                (q, t, c) -> ReadModels.list(t, "transfers", reads.transfers(q, operationId, status)));
    }

    @GET
    @Path("statements")
    public JsonNode statements(@QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        return reads.read(ReadRequest.of(asOf, token), "statements", (q, t, c) -> ReadModels.statements(t, q.statements()));
    }

    @GET
    @Path("reconciliation")
    @Operation(summary = "Each claim of each statement with its ledger value, verdict and why")
    public JsonNode reconciliation(@QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        return reads.read(ReadRequest.of(asOf, token), "reconciliation", (q, t, c) -> ReadModels.reconciliation(t, q.statements()));
    }

    @GET
    @Path("anomalies")
    public JsonNode anomalies(@QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        return reads.read(ReadRequest.of(asOf, token), "anomalies", (q, t, c) -> ReadModels.anomalies(t, q.anomalies(), reads.rejectedRecords(), reads.logGaps()));
    }

    private static <T> T one(List<T> found, String what, String id, Instant t, String listedAt) {
        if (found.isEmpty()) {
            throw Problem.of(Response.Status.NOT_FOUND, "not-found", "No such " + what,
                    "No " + what + " '" + id + "' is registered" + (t.equals(ReadModels.CURRENT) ? "" : " as of " + t)
                            + "; GET " + listedAt + " lists them.");
        }
        return found.get(0);
    }
}
