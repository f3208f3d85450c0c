package org.custodyledger.projection;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The projection's API document: its error answers, each an RFC 9457 problem document
 * ({@link Problem}), named once and attached to operations by {@link ApiDocument} (401, 403, 406 and 503 under
 * the names {@link org.custodyledger.api.ApiConventions} gives them).
 */
@OpenAPIDefinition(info = @Info(title = "Custody ledger projection API", version = "1",
        description = "Read models folded from the custody ledger's log: custody per facility, custodian and country, operations, "
                + "transfers, statements and their claims checked against the ledger, anomalies; their history, the log's signed "
                + "checkpoints and proofs, and the engineers' admin operations. Every read takes asOf (an instant) and consistencyToken."),
        components = @Components(responses = {
                @APIResponse(name = ApiResponses.BAD_REQUEST_NAME, description = "A parameter is invalid: errors names it (problem type invalid-parameter)",
                        content = @Content(mediaType = ApiResponses.PROBLEM, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = ApiResponses.UNAUTHORIZED_NAME, description = "No valid bearer token",
                        content = @Content(mediaType = ApiResponses.PROBLEM, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = ApiResponses.FORBIDDEN_NAME, description = "The token lacks the role the operation needs",
                        content = @Content(mediaType = ApiResponses.PROBLEM, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = ApiResponses.NOT_FOUND_NAME, description = "No such facility, operation, event or checkpoint (problem type not-found)",
                        content = @Content(mediaType = ApiResponses.PROBLEM, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = ApiResponses.NOT_ACCEPTABLE_NAME, description = "The Accept header names no type this operation answers",
                        content = @Content(mediaType = ApiResponses.PROBLEM, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = ApiResponses.UNAVAILABLE_NAME, description = "PostgreSQL does not answer: retry after Retry-After seconds",
                        content = @Content(mediaType = ApiResponses.PROBLEM, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = ApiResponses.NOT_YET_VISIBLE_NAME, description = "The write of consistencyToken is not visible within the wait (problem type not-yet-visible)",
                        content = @Content(mediaType = ApiResponses.PROBLEM, schema = @Schema(implementation = Problem.class)))}))
public class ApiResponses extends Application {
    static final String PROBLEM = "application/problem+json";
    static final String BAD_REQUEST_NAME = "BadRequest";
    static final String UNAUTHORIZED_NAME = "Unauthorized";
    static final String FORBIDDEN_NAME = "Forbidden";
    static final String NOT_FOUND_NAME = "NotFound";
    static final String NOT_ACCEPTABLE_NAME = "NotAcceptable";
    static final String UNAVAILABLE_NAME = "Unavailable";
    static final String NOT_YET_VISIBLE_NAME = "NotYetVisible";

    static final String BAD_REQUEST = ref(BAD_REQUEST_NAME);
    static final String NOT_FOUND = ref(NOT_FOUND_NAME);
    static final String NOT_YET_VISIBLE = ref(NOT_YET_VISIBLE_NAME);

    private static String ref(String name) {
        return org.custodyledger.api.ApiConventions.ref(name);
    }
}
