package org.custodyledger.projection;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.custodyledger.api.ApiConventions;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The projection's OpenAPI document: what its parameters mean, and the error answers its
 * operations give beyond those of every operation ({@link ApiConventions}): 400 where there are
 * parameters, 404 where the path names something, 504 where a read waits for a write. Registered
 * with {@code mp.openapi.filter}; the answers are named in {@link ApiResponses}.
 */
public class ApiDocument extends ApiConventions {
    /** Parameters with one meaning wherever they appear. */
    static final Map<String, String> PARAMETERS = Map.ofEntries(
            Map.entry("asOf", "The instant to answer as of (RFC 3339, e.g. 2026-02-01T00:00:00Z): only events that occurred by then count. Without it, the current state."),
            Map.entry("consistencyToken", "The consistencyToken of an ingest answer: the answer waits until that write is visible, or 504."),
            Map.entry("limit", "At most this many items (1 to " + Page.MAX_LIMIT + ", default " + Page.DEFAULT_LIMIT + ")."),
            Map.entry("after", "A nextCursor of the previous page of this list: the page after it."),
            Map.entry("before", "A nextBefore of the previous page: the checkpoints older than it."),
            Map.entry("id", "The id the facility or operation was registered under."),
            Map.entry("statementId", "The statementId the statement was recorded under."),
            Map.entry("index", "The claim's place in its statement's claims, from 0."),
            Map.entry("operationId", "Only those of this operation."),
            Map.entry("facilityId", "Only those from or to this facility."),
            Map.entry("status", "Only transfers in this status."),
            Map.entry("kind", "Only anomalies of this kind."),
            Map.entry("since", "Only anomalies that occurred at or after this instant (RFC 3339)."),
            Map.entry("from", "From this instant (RFC 3339, inclusive) or, for a consistency proof, from this tree size."),
            Map.entry("to", "To this instant (RFC 3339, exclusive for flows) or, for a consistency proof, to this tree size."),
            Map.entry("partition", "The partition of the log."),
            Map.entry("by", "What a group is: country (default), custodian or facility."),
            Map.entry("nationality", "Only people of this nationality (ISO 3166-1 alpha-2), as the transfers' breakdowns state it."),
            Map.entry("cohort", "Only people of this cohort (adult, minor, ...), as the transfers' breakdowns state it."),
            Map.entry("eventId", "The eventId of a recorded event (a UUID)."),
            Map.entry("checkpoint", "The sequence of a signed checkpoint: the proof is against its tree size. Without it, against the tree as it stands."),
            Map.entry("Last-Event-ID", "The id of the last change received, sent back by EventSource on reconnect: changes after it are replayed."),
            Map.entry("reason", "Why, in words: kept in the admin audit trail with who asked."),
            Map.entry("format", "csv or ndjson for a download where Accept cannot be set (a link); json is the default."),
            Map.entry("upTo", "Rebuild only the events that occurred by this instant (RFC 3339), into a shadow schema that is not switched to."),
            Map.entry("upToPosition", "Rebuild only the records before this log position (partition:offset,...)."),
            Map.entry("force", "Switch even if the rebuild's digest differs from the live read models' (a reason is required)."));

    public ApiDocument() {
        // Problem documents and the events' own records leave optional fields out rather than null.
        super(PARAMETERS, Set.of("Problem", "Error", "Claim", "Cohort"));
    }

    /** The CSV and NDJSON answers of a read are text whose rows and columns {@link org.custodyledger.projection.Downloads} fixes. */
    @Override
    public Operation filterOperation(Operation operation) {
        var table = org.custodyledger.projection.Downloads.TABLES.get(operation.getOperationId());
        if (table != null && operation.getResponses() != null && operation.getResponses().getAPIResponse("200") != null
                && operation.getResponses().getAPIResponse("200").getContent() != null) {
            var content = operation.getResponses().getAPIResponse("200").getContent();
            content.addMediaType(org.custodyledger.projection.Downloads.CSV, org.eclipse.microprofile.openapi.OASFactory.createMediaType()
                    .schema(org.eclipse.microprofile.openapi.OASFactory.createSchema().addType(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING)
                            .description("CSV (RFC 4180, a header line, CRLF; empty cell for null; text starting with = + - @ prefixed with '). "
                                    + table.describe())));
            content.addMediaType(org.custodyledger.projection.Downloads.NDJSON, org.eclipse.microprofile.openapi.OASFactory.createMediaType()
                    .schema(org.eclipse.microprofile.openapi.OASFactory.createSchema().addType(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING)
                            .description("One JSON object per line: each item of " + String.join(", ", table.lists())
                                    + (table.lists().size() > 1 ? ", with the list it is from in 'list'." : "."))));
        }
        return operation;
    }

    @Override
    public Parameter filterParameter(Parameter parameter) {
        if (Set.of("asOf", "since").contains(parameter.getName()) && parameter.getSchema() != null) {
            parameter.getSchema().setFormat("date-time");
        }
        // Read as text so a bad value is a 400 naming it, but a whole number for a client.
        if ("limit".equals(parameter.getName()) && parameter.getSchema() != null
                && parameter.getSchema().getType() != null && parameter.getSchema().getType().contains(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING)) {
            parameter.getSchema().setType(List.of(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.INTEGER));
            parameter.getSchema().setMinimum(java.math.BigDecimal.ONE);
            parameter.getSchema().setMaximum(java.math.BigDecimal.valueOf(Page.MAX_LIMIT));
        }
        return super.filterParameter(parameter);
    }

    @Override
    protected void addErrors(String path, PathItem.HttpMethod method, Operation operation, APIResponses responses) {
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        if (!parameters.isEmpty()) {
            add(responses, "400", ApiResponses.BAD_REQUEST);
        }
        if (path.contains("{")) {
            add(responses, "404", ApiResponses.NOT_FOUND);
        }
        if (parameters.stream().anyMatch(p -> "consistencyToken".equals(p.getName()))) {
            add(responses, "504", ApiResponses.NOT_YET_VISIBLE);
        }
    }
}
