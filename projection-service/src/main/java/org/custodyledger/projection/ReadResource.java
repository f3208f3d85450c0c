package org.custodyledger.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import java.util.function.Predicate;
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
        return reads.document(ReadModels.CUSTODY, ReadRequest.of(asOf, token));
    }

    @GET
    @Path("facilities/{id}")
    public JsonNode facility(@PathParam("id") String id, @QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        JsonNode custody = reads.document(ReadModels.CUSTODY, ReadRequest.of(asOf, token));
        return one(custody, "facilities", "facilityId", id, "facility", "/custody");
    }

    @GET
    @Path("operations")
    public JsonNode operations(@QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        return reads.document(ReadModels.OPERATIONS, ReadRequest.of(asOf, token));
    }

    @GET
    @Path("operations/{id}")
    public JsonNode operation(@PathParam("id") String id, @QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        return one(reads.document(ReadModels.OPERATIONS, ReadRequest.of(asOf, token)), "operations", "operationId", id, "operation", "/operations");
    }

    @GET
    @Path("transfers")
    public JsonNode transfers(@QueryParam("operationId") String operationId, @QueryParam("status") String status,
                              @QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        if (status != null && !STATUSES.contains(status)) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid status",
                    "status must be one of " + STATUSES + ".", new Problem.Error("status", "'" + status + "' is not a transfer status"));
        }
        JsonNode doc = reads.document(ReadModels.TRANSFERS, ReadRequest.of(asOf, token));
        Predicate<JsonNode> keep = t -> (operationId == null || operationId.equals(t.path("operationId").asText(null)))
                && (status == null || status.equals(t.path("status").asText()));
        return filtered(doc, "transfers", keep);
    }

    @GET
    @Path("statements")
    public JsonNode statements(@QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        return reads.document(ReadModels.STATEMENTS, ReadRequest.of(asOf, token));
    }

    @GET
    @Path("reconciliation")
    @Operation(summary = "Each claim of each statement with its ledger value, verdict and why")
    public JsonNode reconciliation(@QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        return reads.document(ReadModels.RECONCILIATION, ReadRequest.of(asOf, token));
    }

    @GET
    @Path("anomalies")
    public JsonNode anomalies(@QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        ObjectNode doc = reads.document(ReadModels.ANOMALIES, ReadRequest.of(asOf, token)).deepCopy();
        doc.set("rejectedRecords", reads.rejectedRecords());
        return doc;
    }

    private static JsonNode one(JsonNode doc, String list, String key, String id, String what, String listedAt) {
        for (JsonNode item : doc.path(list)) {
            if (id.equals(item.path(key).asText())) {
                return item;
            }
        }
        throw Problem.of(Response.Status.NOT_FOUND, "not-found", "No such " + what,
                "No " + what + " '" + id + "' is registered" + (doc.path("asOf").isTextual() ? " as of " + doc.get("asOf").asText() : "")
                        + "; GET " + listedAt + " lists them.");
    }

    private static JsonNode filtered(JsonNode doc, String list, Predicate<JsonNode> keep) {
        ObjectNode copy = doc.deepCopy();
        ArrayNode items = copy.putArray(list);
        doc.path(list).forEach(item -> {
            if (keep.test(item)) {
                items.add(item);
            }
        });
        return copy;
    }
}
