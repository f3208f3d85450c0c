package org.custodyledger.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * The rules of the projection's OpenAPI document that hold for every operation, in one place: what
 * each shared parameter means, the error answers an operation can give (problem+json, see
 * {@link ApiResponses}), the roles it needs, and that every field of an answer is present (answers
 * write nulls rather than leave a field out, except records that declare what they require).
 * Registered with {@code mp.openapi.filter}.
 */
public class ApiDocument implements OASFilter {
    /** Parameters with one meaning wherever they appear. */
    static final Map<String, String> PARAMETERS = Map.ofEntries(
            Map.entry("asOf", "The instant to answer as of (RFC 3339, e.g. 2026-02-01T00:00:00Z): only events that occurred by then count. Without it, the current state."),
            Map.entry("consistencyToken", "The consistencyToken of an ingest answer: the answer waits until that write is visible, or 504."),
            Map.entry("limit", "At most this many items (1 to " + Page.MAX_LIMIT + ", default " + Page.DEFAULT_LIMIT + ")."),
            Map.entry("after", "A nextCursor of the previous page of this list: the page after it."),
            Map.entry("before", "A nextBefore of the previous page: the checkpoints older than it."),
            Map.entry("id", "The id the facility or operation was registered under."),
            Map.entry("operationId", "Only those of this operation."),
            Map.entry("facilityId", "Only those from or to this facility."),
            Map.entry("status", "Only transfers in this status."),
            Map.entry("kind", "Only anomalies of this kind."),
            Map.entry("since", "Only anomalies that occurred at or after this instant (RFC 3339)."),
            Map.entry("from", "From this instant (RFC 3339) or, for a consistency proof, from this tree size."),
            Map.entry("to", "To this instant (RFC 3339) or, for a consistency proof, to this tree size."),
            Map.entry("partition", "The partition of the log."),
            Map.entry("eventId", "The eventId of a recorded event (a UUID)."),
            Map.entry("checkpoint", "The sequence of a signed checkpoint: the proof is against its tree size. Without it, against the tree as it stands."),
            Map.entry("Last-Event-ID", "The id of the last change received, sent back by EventSource on reconnect: changes after it are replayed."),
            Map.entry("reason", "Why, in words: kept in the admin audit trail with who asked."),
            Map.entry("upTo", "Rebuild only the events that occurred by this instant (RFC 3339), into a shadow schema that is not switched to."),
            Map.entry("upToPosition", "Rebuild only the records before this log position (partition:offset,...)."),
            Map.entry("force", "Switch even if the rebuild's digest differs from the live read models' (a reason is required)."));

    /** Documents that leave optional fields out rather than null, without a required list of their own. */
    private static final Set<String> SPARSE = Set.of("Problem", "Error", "Claim", "Cohort");

    @Override
    public Parameter filterParameter(Parameter parameter) {
        String description = PARAMETERS.get(parameter.getName());
        if (description != null && (parameter.getDescription() == null || parameter.getDescription().isBlank())) {
            parameter.setDescription(description);
        }
        if (Set.of("asOf", "since").contains(parameter.getName()) && parameter.getSchema() != null) {
            parameter.getSchema().setFormat("date-time");
        }
        return parameter;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() != null) {
            openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) ->
                    addResponses(path, method, operation)));
        }
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().getSchemas().forEach((name, schema) -> {
                // Records that leave absent fields out (@JsonInclude NON_NULL) say which are required themselves.
                boolean declared = schema.getRequired() != null && !schema.getRequired().isEmpty();
                if (!declared && !SPARSE.contains(name) && schema.getProperties() != null && !schema.getProperties().isEmpty()) {
                    schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
                }
            });
        }
    }

    /** The error answers every operation of this kind can give, and its roles said in words (OIDC roles are not OAuth scopes). */
    private static void addResponses(String path, PathItem.HttpMethod method, Operation operation) {
        APIResponses responses = operation.getResponses();
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        add(responses, "406", ApiResponses.NOT_ACCEPTABLE);
        if (!parameters.isEmpty()) {
            add(responses, "400", ApiResponses.BAD_REQUEST);
        }
        if (path.contains("{")) {
            add(responses, "404", ApiResponses.NOT_FOUND);
        }
        if (parameters.stream().anyMatch(p -> "consistencyToken".equals(p.getName()))) {
            add(responses, "504", ApiResponses.NOT_YET_VISIBLE);
        }
        if (secured) {
            // Quarkus documents these without a body; ours are problem documents.
            responses.addAPIResponse("401", OASFactory.createAPIResponse().ref(ApiResponses.UNAUTHORIZED));
            responses.addAPIResponse("403", OASFactory.createAPIResponse().ref(ApiResponses.FORBIDDEN));
            add(responses, "503", ApiResponses.UNAVAILABLE);
            Set<String> roles = new TreeSet<>();
            List<SecurityRequirement> plain = new ArrayList<>();
            for (SecurityRequirement requirement : operation.getSecurity()) {
                SecurityRequirement bare = OASFactory.createSecurityRequirement();
                requirement.getSchemes().forEach((scheme, scopes) -> {
                    roles.addAll(scopes);
                    bare.addScheme(scheme);
                });
                plain.add(bare);
            }
            operation.setSecurity(plain);
            if (!roles.isEmpty()) {
                operation.addExtension("x-roles", List.copyOf(roles));
                String said = "Roles: " + String.join(", ", roles) + ".";
                String description = operation.getDescription();
                operation.setDescription(description == null || description.isBlank() ? said : description + "\n\n" + said);
            }
        }
    }

    private static void add(APIResponses responses, String status, String name) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(name));
        }
    }
}
