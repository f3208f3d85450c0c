package org.custodyledger.projection.read;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import org.custodyledger.projection.Page;
import org.custodyledger.projection.Problem;
import org.custodyledger.projection.query.SubjectHistory;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The audit trail of one facility or operation: every event that changed its figures. */
@Path("/")
@jakarta.annotation.security.RolesAllowed({"viewer", "auditor", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@org.eclipse.microprofile.openapi.annotations.tags.Tag(name = "history", description = "How a facility's or an operation's figures changed, event by event")
public class HistoryResource {
    private static final String WHAT = " In event time, from (inclusive) to (exclusive); each with who recorded it and when, its position "
            + "in the log, and the event that retracted it, if any. Paged: limit (default 1000, at most 5000), after=nextCursor.";

    private final ReadModelService reads;

    HistoryResource(ReadModelService reads) {
        this.reads = reads;
    }

    @GET
    @Path("facilities/{id}/history")
    @Operation(operationId = "getFacilityHistory", summary = "Every event that changed the facility's figures (registration, custodian, census, its transfers, their retractions)." + WHAT)
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "OK", content = @org.eclipse.microprofile.openapi.annotations.media.Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = ReadAnswers.FacilityHistory.class)))
    public Response facility(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
                             @QueryParam("limit") String limit, @QueryParam("after") String after,
                             @QueryParam("consistencyToken") String token, @Context UriInfo uri) {
        return history(SubjectHistory.Subject.FACILITY, "facility", "facilityId", id, from, to, limit, after, token, uri);
    }

    @GET
    @Path("operations/{id}/history")
    @Operation(operationId = "getOperationHistory", summary = "Every event that changed the operation's figures (its plan, its transfers, their retractions)." + WHAT)
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "OK", content = @org.eclipse.microprofile.openapi.annotations.media.Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = ReadAnswers.OperationHistory.class)))
    public Response operation(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
                              @QueryParam("limit") String limit, @QueryParam("after") String after,
                              @QueryParam("consistencyToken") String token, @Context UriInfo uri) {
        return history(SubjectHistory.Subject.OPERATION, "operation", "operationId", id, from, to, limit, after, token, uri);
    }

    private Response history(SubjectHistory.Subject subject, String what, String idField, String id, String fromText, String toText,
                             String limit, String after, String token, UriInfo uri) {
        Instant from = ReadRequest.instant(fromText, "from");
        Instant to = ReadRequest.instant(toText, "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid range", "from must be before to.",
                    new Problem.Error("to", "not after from"));
        }
        Page page = Page.of(limit, after, 2);
        return Page.response(reads.read(ReadRequest.of(null, token), what + "-history/" + id + "/" + from + "/" + to + "/" + page.key(), (q, t, c) -> {
            var entries = SubjectHistory.of(c, subject, id, from, to, page.after(), page.limit() + 1);
            if (entries.isEmpty() && page.after() == null && !SubjectHistory.exists(c, subject, id)) {
                throw Problem.of(Response.Status.NOT_FOUND, "not-found", "No such " + what,
                        "No " + what + " '" + id + "' is in the ledger; GET /" + (what.equals("facility") ? "custody" : "operations") + " lists them.");
            }
            ObjectNode doc = ReadAnswers.tree(subject == SubjectHistory.Subject.FACILITY ? new ReadAnswers.FacilityHistory(id, List.of(), null)
                    : new ReadAnswers.OperationHistory(id, List.of(), null));
            return page.answer(doc, "events", entries, SubjectHistory.Entry::key);
        }), uri);
    }
}
