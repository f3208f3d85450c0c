package org.custodyledger.ingest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The ingest service's API document: its error answers, each an RFC 9457 problem document
 * ({@link Problem}), named once and attached to operations by {@link ApiDocument}.
 */
@OpenAPIDefinition(info = @Info(title = "Custody ledger ingest API", version = "1",
        description = "Operators append custody events to the ledger's log, one or a batch: each is validated, given who recorded it "
                + "and when, appended exactly once, and answered with a signed receipt of where it stands in the log."),
        components = @Components(responses = {
                @APIResponse(name = "BadRequest", description = "The body is not valid: errors names each field (problem type invalid-event); nothing was appended",
                        content = @Content(mediaType = ApiResponses.PROBLEM, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = "Unauthorized", description = "No valid bearer token",
                        content = @Content(mediaType = ApiResponses.PROBLEM, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = "Forbidden", description = "The token lacks the role the operation needs",
                        content = @Content(mediaType = ApiResponses.PROBLEM, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = "NotAcceptable", description = "The Accept header names no type this operation answers",
                        content = @Content(mediaType = ApiResponses.PROBLEM, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = "Conflict", description = "An eventId is already recorded with other content (problem type event-conflict); nothing was appended",
                        content = @Content(mediaType = ApiResponses.PROBLEM, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = "TooLarge", description = "The body or the batch is larger than allowed (problem type body-too-large); nothing was appended",
                        content = @Content(mediaType = ApiResponses.PROBLEM, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = "UnsupportedMediaType", description = "Content-Type missing or not one this operation takes; nothing was appended",
                        content = @Content(mediaType = ApiResponses.PROBLEM, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = "Unavailable", description = "Nothing was appended (log-unavailable), or Kafka could not confirm yet whether it was "
                        + "(append-outcome-unknown, the eventIds listed): retry the same request after Retry-After",
                        content = @Content(mediaType = ApiResponses.PROBLEM, schema = @Schema(implementation = Problem.class)))}))
public class ApiResponses extends Application {
    static final String PROBLEM = "application/problem+json";
}
