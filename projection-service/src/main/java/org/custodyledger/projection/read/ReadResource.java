package org.custodyledger.projection.read;

import org.custodyledger.projection.Page;
import org.custodyledger.projection.Downloads;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The dashboards' read API (SPEC "HTTP surface"); every read takes asOf and consistencyToken. */
@Path("/")
@jakarta.annotation.security.RolesAllowed({"viewer", "auditor", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "custody", description = "Current and as-of read models: custody, operations, transfers, statements, reconciliation, anomalies")
public class ReadResource {
    private static final Set<String> STATUSES = Set.of(TransferView.IN_TRANSIT, TransferView.COMPLETED, TransferView.CANCELLED);

    private final ReadModelService reads;

    ReadResource(ReadModelService reads) {
        this.reads = reads;
    }

    @GET
    @Path("custody")
    @Produces({MediaType.APPLICATION_JSON, Downloads.CSV, Downloads.NDJSON})
    @Operation(operationId = "getCustody", summary = "Every facility with population and net change; totals by custodian and country; in transit")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReadAnswers.Custody.class)))
    public JsonNode custody(@QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        return reads.read(ReadRequest.of(asOf, token), "custody", (q, t, c) -> {
            var facilities = reads.facilities(q, t, c, null);
            var totals = q.custody(facilities);
            return ReadAnswers.tree(new ReadAnswers.Custody(ReadAnswers.asOf(t), facilities, totals.byCustodian().values(),
                    totals.byCountry().values(), totals.inTransit()));
        });
    }

    @GET
    @Path("facilities/{id}")
    @Operation(operationId = "getFacility", summary = "One facility: population (null without a census baseline) and net change")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = org.custodyledger.ledger.FacilityView.class)))
    public JsonNode facility(@PathParam("id") String id, @QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        return reads.read(ReadRequest.of(asOf, token), "facility/" + id, (q, t, c) -> ReadModels.tree(
                one(reads.facilities(q, t, c, List.of(id)), "facility", id, t, "/custody")));
    }

    @GET
    @Path("operations")
    @Produces({MediaType.APPLICATION_JSON, Downloads.CSV, Downloads.NDJSON})
    @Operation(operationId = "listOperations", summary = "Every operation's figures")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReadAnswers.Operations.class)))
    public JsonNode operations(@QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        return reads.read(ReadRequest.of(asOf, token), "operations", (q, t, c) -> ReadAnswers.tree(new ReadAnswers.Operations(ReadAnswers.asOf(t), reads.operations(q, t, c, null))));
    }

    @GET
    @Path("operations/{id}")
    @Operation(operationId = "getOperation", summary = "One operation: plannedMax, initiated, received, inTransit, cancelled, lost, first and last activity")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = org.custodyledger.ledger.OperationView.class)))
    public JsonNode operation(@PathParam("id") String id, @QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        return reads.read(ReadRequest.of(asOf, token), "operation/" + id, (q, t, c) -> ReadModels.tree(
                one(reads.operations(q, t, c, id), "operation", id, t, "/operations")));
    }

    private static final String PAGED = " A page of at most limit items (default " + Page.DEFAULT_LIMIT + ", at most " + Page.MAX_LIMIT
            + "); nextCursor (and a Link header with rel=\"next\") leads to the next page, as after=, until it is null.";

    @GET
    @Path("transfers")
    @Produces({MediaType.APPLICATION_JSON, Downloads.CSV, Downloads.NDJSON})
    @Operation(operationId = "listTransfers", summary = "Transfers initiated by asOf, by id, as they stand then", description = "By operation, facility (either end) and status." + PAGED)
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReadAnswers.Transfers.class)))
    public Response transfers(@QueryParam("operationId") String operationId, @QueryParam("facilityId") String facilityId,
                              @QueryParam("status") String status, @QueryParam("limit") String limit, @QueryParam("after") String after,
                              @QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token, @Context UriInfo uri) {
        if (status != null && !STATUSES.contains(status)) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid status",
                    "status must be one of " + STATUSES + ".", new Problem.Error("status", "'" + status + "' is not a transfer status"));
        }
        Page page = Page.of(limit, after, 1);
        return Page.response(reads.read(ReadRequest.of(asOf, token), "transfers/" + operationId + "/" + facilityId + "/" + status + "/" + page.key(),
                (q, t, c) -> page.answer(ReadAnswers.tree(new ReadAnswers.Transfers(ReadAnswers.asOf(t), List.of(), null)), "transfers",
                        q.transfers(operationId, facilityId, status, page.after() == null ? null : page.after().get(0), page.limit() + 1),
                        v -> List.of(v.transferId()))), uri);
    }

    @GET
    @Path("statements")
    @Operation(operationId = "listStatements", summary = "Statements recorded by asOf, in event-time order", description = PAGED)
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReadAnswers.Statements.class)))
    public Response statements(@QueryParam("limit") String limit, @QueryParam("after") String after,
                               @QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token, @Context UriInfo uri) {
        return statementPages("statements", limit, after, asOf, token, uri,
                (t, views) -> ReadAnswers.tree(new ReadAnswers.Statements(ReadAnswers.asOf(t), ReadAnswers.statements(views), null)));
    }

    @GET
    @Path("reconciliation")
    @Produces({MediaType.APPLICATION_JSON, Downloads.CSV, Downloads.NDJSON})
    @Operation(operationId = "getReconciliation", summary = "Each claim of each statement with its ledger value, verdict and why", description = "Paged by statement." + PAGED)
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReadAnswers.Reconciliation.class)))
    public Response reconciliation(@QueryParam("limit") String limit, @QueryParam("after") String after,
                                   @QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token, @Context UriInfo uri) {
        return statementPages("reconciliation", limit, after, asOf, token, uri,
                (t, views) -> ReadAnswers.tree(new ReadAnswers.Reconciliation(ReadAnswers.asOf(t), ReadAnswers.claims(views), null)));
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
    @Produces({MediaType.APPLICATION_JSON, Downloads.CSV, Downloads.NDJSON})
    @Operation(operationId = "listAnomalies", summary = "Anomalies up to asOf in event-time order", description = "Of one kind and from an instant (since) if asked; "
            + "with records the projection could not apply and gaps in the log." + PAGED)
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReadAnswers.Anomalies.class)))
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
                (q, t, c) -> page.answer(ReadAnswers.tree(new ReadAnswers.Anomalies(ReadAnswers.asOf(t), List.of(), reads.rejectedRecords(), reads.logGaps(), null)), "anomalies",
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
