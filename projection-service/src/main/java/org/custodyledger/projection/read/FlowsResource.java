package org.custodyledger.projection.read;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Locale;
import org.custodyledger.ledger.Flows;
import org.custodyledger.projection.Downloads;
import org.custodyledger.projection.Problem;
import org.custodyledger.projection.query.FlowQueries;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who moved where over a window: GET /flows?from=&to=&by=country|custodian|facility (SPEC "Breakdowns, flows and cohort claims"). */
@Path("/flows")
@jakarta.annotation.security.RolesAllowed({"viewer", "auditor", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "flows", description = "People moved between countries, custodians or facilities over a window")
public class FlowsResource {
    private final ReadModelService reads;

    FlowsResource(ReadModelService reads) {
        this.reads = reads;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Downloads.CSV, Downloads.NDJSON})
    @Operation(operationId = "getFlows", summary = "People received, lost and cancelled between each pair of groups in [from, to)",
            description = "E.g. by=country from 2026-01-21 to 2026-02-13: how many went from SY to IQ.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ReadAnswers.FlowsAnswer.class)))
    public JsonNode flows(@QueryParam("from") String fromText, @QueryParam("to") String toText, @QueryParam("by") String byText,
                          @QueryParam("nationality") String nationality, @QueryParam("cohort") String cohort,
                          @QueryParam("consistencyToken") String token) {
        ReadRequest.nationality(nationality);
        if (cohort != null && !org.custodyledger.events.Cohort.isLabel(cohort)) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid cohort", "cohort is a cohort label, like 'adult'.",
                    new Problem.Error("cohort", "'" + cohort + "' is not a cohort label"));
        }
        Instant from = ReadRequest.requiredInstant(fromText, "from");
        Instant to = ReadRequest.requiredInstant(toText, "to");
        if (!from.isBefore(to)) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid window", "from must be before to.",
                    new Problem.Error("to", "not after from"));
        }
        Flows.By by = grouping(byText);
        return reads.read(ReadRequest.of(null, token), "flows/" + from + "/" + to + "/" + by + "/" + nationality + "/" + cohort, (q, t, c) -> ReadAnswers.tree(
                new ReadAnswers.FlowsAnswer(from.toString(), to.toString(), by.name().toLowerCase(Locale.ROOT), nationality, cohort,
                        FlowQueries.between(c, from, to, by, nationality, cohort))));
    }

    private static Flows.By grouping(String by) {
        try {
            return Flows.By.valueOf((by == null ? "country" : by).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid by", "by is country, custodian or facility.",
                    new Problem.Error("by", "'" + by + "' is not a grouping"));
        }
    }
}
