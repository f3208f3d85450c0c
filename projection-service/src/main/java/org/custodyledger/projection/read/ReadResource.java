package org.custodyledger.projection.read;

import org.custodyledger.projection.Page;
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
import org.custodyledger.ledger.Anomaly;
import org.custodyledger.ledger.TransferView;
import org.custodyledger.projection.query.LedgerQueries;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The dashboards' read API (SPEC "HTTP surface"); every read takes asOf and consistencyToken. */
@Path("/")
@jakarta.annotation.security.RolesAllowed({"viewer", "auditor", "admin"})
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

    private static final String PAGED = " A page of at most limit items (default " + Page.DEFAULT_LIMIT + ", at most " + Page.MAX_LIMIT
            + "); nextCursor (and a Link header with rel=\"next\") leads to the next page, as after=, until it is null.";

    @GET
    @Path("transfers")
    @Operation(summary = "Transfers initiated by asOf, by id, as they stand then; by operation, facility (either end) and status." + PAGED)
    public Response transfers(@QueryParam("operationId") String operationId, @QueryParam("facilityId") String facilityId,
                              @QueryParam("status") String status, @QueryParam("limit") String limit, @QueryParam("after") String after,
                              @QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token, @Context UriInfo uri) {
        if (status != null && !STATUSES.contains(status)) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid status",
                    "status must be one of " + STATUSES + ".", new Problem.Error("status", "'" + status + "' is not a transfer status"));
        }
        Page page = Page.of(limit, after, 1);
        return Page.response(reads.read(ReadRequest.of(asOf, token), "transfers/" + operationId + "/" + facilityId + "/" + status + "/" + page.key(),
                (q, t, c) -> page.answer(ReadModels.list(t, "transfers", List.of()), "transfers",
                        q.transfers(operationId, facilityId, status, page.after() == null ? null : page.after().get(0), page.limit() + 1),
                        v -> List.of(v.transferId()))), uri);
    }

    @GET
    @Path("statements")
    @Operation(summary = "Statements recorded by asOf, in event-time order." + PAGED)
    public Response statements(@QueryParam("limit") String limit, @QueryParam("after") String after,
                               @QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token, @Context UriInfo uri) {
        return statementPages("statements", limit, after, asOf, token, uri, ReadModels::statements);
    }

    @GET
    @Path("reconciliation")
    @Operation(summary = "Each claim of each statement with its ledger value, verdict and why; paged by statement." + PAGED)
    public Response reconciliation(@QueryParam("limit") String limit, @QueryParam("after") String after,
                                   @QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token, @Context UriInfo uri) {
        return statementPages("reconciliation", limit, after, asOf, token, uri, ReadModels::reconciliation);
    }

    /** A page of statements, in event-time order, as one of the documents made from statements. */
    private Response statementPages(String what, String limit, String after, String asOf, String token, UriInfo uri,
                                    java.util.function.BiFunction<Instant, List<org.custodyledger.ledger.StatementView>, ObjectNode> document) {
        Page page = Page.of(limit, after, 2);
        return Page.response(reads.read(ReadRequest.of(asOf, token), what + "/" + page.key(), (q, t, c) -> page.answer(
                q.statements(page.after(), page.limit() + 1), ReadResource::statementKey, views -> document.apply(t, views))), uri);
    }

    private static List<String> statementKey(org.custodyledger.ledger.StatementView v) {
        return List.of(v.occurredAt().toString(), v.eventId().toString());
    }

    @GET
    @Path("anomalies")
    @Operation(summary = "Anomalies up to asOf in event-time order, of one kind and from an instant (since) if asked; "
            + "with records the projection could not apply and gaps in the log." + PAGED)
    public Response anomalies(@QueryParam("kind") String kind, @QueryParam("since") String since, @QueryParam("limit") String limit,
                              @QueryParam("after") String after, @QueryParam("asOf") String asOf,
                              @QueryParam("consistencyToken") String token, @Context UriInfo uri) {
        Anomaly.Kind k = null;
        if (kind != null) {
            try {
                k = Anomaly.Kind.valueOf(kind);
            } catch (IllegalArgumentException e) {
                throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid kind",
                        "kind must be one of " + java.util.Arrays.toString(Anomaly.Kind.values()) + ".",
                        new Problem.Error("kind", "'" + kind + "' is not an anomaly kind"));
            }
        }
        Instant from = ReadRequest.instant(since, "since");
        Anomaly.Kind kindOf = k;
        Page page = Page.of(limit, after, 5);
        return Page.response(reads.read(ReadRequest.of(asOf, token), "anomalies/" + kind + "/" + since + "/" + page.key(),
                (q, t, c) -> page.answer(ReadModels.anomalies(t, List.of(), reads.rejectedRecords(), reads.logGaps()), "anomalies",
                        q.anomalies(kindOf, from, page.after(), page.limit() + 1), LedgerQueries::key)), uri);
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
