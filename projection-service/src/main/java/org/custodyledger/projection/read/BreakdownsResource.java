package org.custodyledger.projection.read;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.ledger.Breakdowns;
import org.custodyledger.projection.Downloads;
import org.custodyledger.projection.Problem;
import org.custodyledger.projection.query.BreakdownQueries;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who is held where by cohort and nationality, now or as of an instant: GET /breakdowns. */
@Path("/breakdowns")
@jakarta.annotation.security.RolesAllowed({"viewer", "auditor", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "breakdowns", description = "Populations, in transit and operation figures by cohort and nationality")
public class BreakdownsResource {
    private final ReadModelService reads;

    BreakdownsResource(ReadModelService reads) {
        this.reads = reads;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Downloads.CSV, Downloads.NDJSON})
    @Operation(operationId = "getBreakdowns", summary = "Every facility, custodian, country and operation by cohort and nationality")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ReadAnswers.BreakdownsAnswer.class)))
    @APIResponse(responseCode = "409", description = "This database was projected before breakdowns were; a replay rebuilds them",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public JsonNode breakdowns(@QueryParam("asOf") String asOf, @QueryParam("consistencyToken") String token) {
        return reads.read(ReadRequest.of(asOf, token), "breakdowns", (q, t, c) -> {
            BreakdownQueries lines = new BreakdownQueries(c, t);
            java.util.Optional<String> gap = lines.gap();
            if (gap.isPresent()) {
                throw Problem.of(Response.Status.CONFLICT, "breakdowns-incomplete", "Breakdowns incomplete",
                        "Breakdowns are incomplete in this database: " + gap.get() + ".");
            }
            Breakdowns.Snapshot s = lines.snapshot(q.facilities(null), q.plans(null), q.transfers(null, true));
            List<ReadAnswers.OperationLines> operations = new ArrayList<>();
            s.operations().forEach((id, l) -> operations.add(new ReadAnswers.OperationLines(id, l)));
            return ReadAnswers.tree(new ReadAnswers.BreakdownsAnswer(ReadAnswers.asOf(t), List.copyOf(s.facilities().values()),
                    List.copyOf(s.byCustodian().values()), List.copyOf(s.byCountry().values()), operations));
        });
    }
}
