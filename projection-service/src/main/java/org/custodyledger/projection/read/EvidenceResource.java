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
import java.util.UUID;
import org.custodyledger.events.Claim;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.EventJson;
import org.custodyledger.events.StatementRecorded;
import org.custodyledger.ledger.ClaimCheck;
import org.custodyledger.ledger.ClaimChecks;
import org.custodyledger.ledger.ClaimEvidence;
import org.custodyledger.projection.Downloads;
import org.custodyledger.projection.Page;
import org.custodyledger.projection.Problem;
import org.custodyledger.projection.Sql;
import org.custodyledger.projection.query.EvidenceQueries;
import org.custodyledger.projection.query.LedgerQueries;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Why a claim's ledger value is what it is: GET /statements/{statementId}/claims/{index}/evidence. */
@Path("/statements/{statementId}/claims/{index}/evidence")
@jakarta.annotation.security.RolesAllowed({"viewer", "auditor", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "statements", description = "Public statements and their claims")
public class EvidenceResource {
    private final ReadModelService reads;

    EvidenceResource(ReadModelService reads) {
        this.reads = reads;
    }

    @Schema(name = "ClaimEvidence", description = "A page of the records a claim's ledger value sums (at the claim's own instant), "
            + "in event order; where the value is known the items of all pages add up to it")
    public record EvidenceAnswer(ClaimCheck claim, List<ClaimEvidence.Item> items,
                                 @Schema(description = "The cursor of the next page (pass it as after=); null on the last page", nullable = true) String nextCursor) {
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Downloads.CSV, Downloads.NDJSON})
    @Operation(operationId = "getClaimEvidence", summary = "The transfers and censuses that make up a claim's ledger value, a page at a time")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = EvidenceAnswer.class)))
    public Response evidence(@PathParam("statementId") String statementId, @PathParam("index") int index, @QueryParam("limit") String limit,
                             @QueryParam("after") String after, @QueryParam("consistencyToken") String token, @Context UriInfo uri) {
        Page page = Page.of(limit, after, 3);
        ClaimEvidence.Item last = page.after() == null ? null : new ClaimEvidence.Item(null, UUID.fromString(page.after().get(1)),
                Instant.parse(page.after().get(0)), page.after().get(2), null, 0);
        return Page.response(reads.read(ReadRequest.of(null, token), "evidence/" + statementId + "/" + index + "/" + page.key(), (q, t, c) -> {
            Envelope made = Sql.list(c, "SELECT a.envelope::text FROM statement x JOIN applied_event a ON a.event_id = x.event_id WHERE x.statement_id = ? AND"
                    + Sql.notRetracted("x") + " ORDER BY x.occurred_at, x.event_id LIMIT 1", r -> org.custodyledger.events.EventReader.readStored(r.getString(1)),
                    statementId).stream().findFirst().orElseThrow(() -> Problem.of(Response.Status.NOT_FOUND, "not-found", "No such statement",
                    "No statement " + statementId + " is recorded; GET /statements lists them."));
            List<Claim> claims = ((StatementRecorded) made.data()).claims();
            if (index < 0 || index >= claims.size()) {
                throw Problem.of(Response.Status.NOT_FOUND, "not-found", "No such claim", "Statement " + statementId + " has claims 0 to "
                        + (claims.size() - 1) + ".");
            }
            Claim claim = claims.get(index);
            Instant asOf = ClaimChecks.asOf(claim, made.occurredAt());
            LedgerQueries facts = new LedgerQueries(c, asOf);
            ClaimCheck check = ClaimChecks.check(statementId, index, claim, asOf, facts);
            List<ClaimEvidence.Item> items = EvidenceQueries.page(c, claim, asOf, facts, last, page.limit() + 1);
            return page.answer(items, i -> List.of(i.occurredAt().toString(), i.eventId().toString(), i.facilityId()),
                    rows -> (ObjectNode) EventJson.mapper().valueToTree(new EvidenceAnswer(check, rows, null)));
        }), uri);
    }
}
