package org.custodyledger.projection.read;

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
import java.util.Locale;
import org.custodyledger.ledger.Series;
import org.custodyledger.projection.Downloads;
import org.custodyledger.projection.Problem;
import org.custodyledger.projection.query.SeriesQueries;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Populations over time, step by step, of a facility, country or custodian; an operation's transfers step by step. */
@Path("/")
@jakarta.annotation.security.RolesAllowed({"viewer", "auditor", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "series", description = "Population, net change, arrivals and departures per day or week; an operation's figures per step")
public class SeriesResource {
    private final ReadModelService reads;

    SeriesResource(ReadModelService reads) {
        this.reads = reads;
    }

    @Schema(name = "Series", description = "Per step [start, end): the population as of its end (null where a census is missing), the net "
            + "change within it (arrivals, the people received and those a cancelled transfer returned, less departures, the people sent), "
            + "and the capacity then (null where a facility has none; capacity use is population / capacity). A custodian's facilities are "
            + "those it holds at each step's end.")
    public record SeriesAnswer(@Schema(enumeration = {"facility", "country", "custodian"}) String scope, String id,
                               @Schema(enumeration = {"day", "week"}) String step,
                               @Schema(nullable = true, description = "Only the people of this nationality, as the breakdowns state it") String nationality,
                               List<Series.Point> points) {
    }

    @Schema(name = "OperationSeries", description = "Per step [start, end): the people its transfers sent (initiated), received, lost and "
            + "cancelled within it, and those in transit at its end; all zero before the operation is planned")
    public record OperationSeriesAnswer(@Schema(enumeration = {"operation"}) String scope, String id, @Schema(enumeration = {"day", "week"}) String step,
                                        List<Series.OperationPoint> points) {
    }

    @GET
    @Path("facilities/{id}/series")
    @Produces({MediaType.APPLICATION_JSON, Downloads.CSV, Downloads.NDJSON})
    @Operation(operationId = "getFacilitySeries", summary = "A facility's population and net change per day or week over [from, to)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SeriesAnswer.class)))
    public JsonNode facility(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
                             @QueryParam("step") String step, @QueryParam("nationality") String nationality, @QueryParam("consistencyToken") String token) {
        Window w = Window.of(from, to, step, nationality);
        return reads.read(ReadRequest.of(null, token), "series/facility/" + id + "/" + w, (q, t, c) -> {
            if (!q.facilityRegistered(id)) {
                throw Problem.of(Response.Status.NOT_FOUND, "not-found", "No such facility", "No facility " + id + " is registered; GET /custody lists them.");
            }
            return ReadAnswers.tree(new SeriesAnswer("facility", id, w.name(), w.nationality(), w.points(c, List.of(id))));
        });
    }

    @GET
    @Path("countries/{code}/series")
    @Produces({MediaType.APPLICATION_JSON, Downloads.CSV, Downloads.NDJSON})
    @Operation(operationId = "getCountrySeries", summary = "A country's population (its facilities') and net change per day or week over [from, to)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SeriesAnswer.class)))
    public JsonNode country(@PathParam("code") String code, @QueryParam("from") String from, @QueryParam("to") String to,
                            @QueryParam("step") String step, @QueryParam("nationality") String nationality, @QueryParam("consistencyToken") String token) {
        Window w = Window.of(from, to, step, nationality);
        return reads.read(ReadRequest.of(null, token), "series/country/" + code + "/" + w, (q, t, c) -> {
            List<String> facilities = SeriesQueries.facilitiesOf(c, code, w.to());
            if (facilities.isEmpty()) {
                throw Problem.of(Response.Status.NOT_FOUND, "not-found", "No such country", "No facility is registered in " + code + " by " + w.to() + ".");
            }
            return ReadAnswers.tree(new SeriesAnswer("country", code, w.name(), w.nationality(), w.points(c, facilities)));
        });
    }

    @GET
    @Path("custodians/{custodian}/series")
    @Produces({MediaType.APPLICATION_JSON, Downloads.CSV, Downloads.NDJSON})
    @Operation(operationId = "getCustodianSeries", summary = "A custodian's population (the facilities it holds at each step's end) and net change per day or week over [from, to)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SeriesAnswer.class)))
    public JsonNode custodian(@PathParam("custodian") String custodian, @QueryParam("from") String from, @QueryParam("to") String to,
                              @QueryParam("step") String step, @QueryParam("nationality") String nationality, @QueryParam("consistencyToken") String token) {
        Window w = Window.of(from, to, step, nationality);
        return reads.read(ReadRequest.of(null, token), "series/custodian/" + custodian + "/" + w, (q, t, c) -> {
            if (!SeriesQueries.everHeld(c, custodian, w.to())) {
                throw Problem.of(Response.Status.NOT_FOUND, "not-found", "No such custodian",
                        "No facility is held by " + custodian + " by " + w.to() + "; GET /custody lists the custodians.");
            }
            return ReadAnswers.tree(new SeriesAnswer("custodian", custodian, w.name(), w.nationality(),
                    w.points(c, SeriesQueries.facilities(c, w.to()), custodian)));
        });
    }

    @GET
    @Path("operations/{id}/series")
    @Produces({MediaType.APPLICATION_JSON, Downloads.CSV, Downloads.NDJSON})
    @Operation(operationId = "getOperationSeries", summary = "What an operation's transfers did per day or week over [from, to)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OperationSeriesAnswer.class)))
    public JsonNode operation(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
                              @QueryParam("step") String step, @QueryParam("consistencyToken") String token) {
        Window w = Window.of(from, to, step, null);
        return reads.read(ReadRequest.of(null, token), "series/operation/" + id + "/" + w, (q, t, c) -> {
            if (!q.operationPlanned(id)) {
                throw Problem.of(Response.Status.NOT_FOUND, "not-found", "No such operation", "No operation " + id + " is planned; GET /operations lists them.");
            }
            return ReadAnswers.tree(new OperationSeriesAnswer("operation", id, w.name(), SeriesQueries.ofOperation(c, id, w.from(), w.to(), w.step())));
        });
    }

    /** The query's window, checked: from before to, a known step, at most Series.MAX_STEPS steps; and a nationality or none. */
    record Window(Instant from, Instant to, Series.Step step, String nationality) {
        String name() {
            return step.name().toLowerCase(Locale.ROOT);
        }

        List<Series.Point> points(java.sql.Connection c, List<String> facilities) throws java.sql.SQLException {
            return points(c, facilities, null);
        }

        /** With a custodian, only the facilities it holds at each step's end. */
        List<Series.Point> points(java.sql.Connection c, List<String> facilities, String custodian) throws java.sql.SQLException {
            return nationality == null ? SeriesQueries.of(c, facilities, custodian, from, to, step)
                    : SeriesQueries.ofNationality(c, facilities, custodian, from, to, step, nationality);
        }

        static Window of(String fromText, String toText, String stepText, String nationalityText) {
            String nationality = ReadRequest.nationality(nationalityText);
            Instant from = ReadRequest.requiredInstant(fromText, "from");
            Instant to = ReadRequest.requiredInstant(toText, "to");
            Series.Step step;
            try {
                step = Series.Step.valueOf((stepText == null ? "day" : stepText).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid step", "step is day or week.",
                        new Problem.Error("step", "'" + stepText + "' is not a step"));
            }
            try {
                Series.starts(from, to, step);
            } catch (IllegalArgumentException e) {
                throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid window",
                        "from must be before to, with at most " + Series.MAX_STEPS + " steps between them (" + e.getMessage() + ").",
                        new Problem.Error("to", e.getMessage()));
            }
            return new Window(from, to, step, nationality);
        }
    }
}
