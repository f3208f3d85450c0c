package org.custodyledger.ingest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import org.custodyledger.events.Submission;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * The operators' write API (SPEC "HTTP surface"). It only maps HTTP to {@link RequestBodies}
 * and {@link Ingestion} and back; the rules live in the events module.
 */
@Path("/events")
@RolesAllowed("operator")
@Consumes(MediaType.WILDCARD) // bodies are read as bytes: our own parser names what is wrong
@Produces(MediaType.APPLICATION_JSON)
@org.eclipse.microprofile.openapi.annotations.tags.Tag(name = "events", description = "Append events to the ledger's log")
public class EventsResource {
    /** How to retry, said in the API document of both write operations. */
    private static final String RETRIES = " A 503 means nothing was appended (problem type log-unavailable), or, with problem type "
            + "append-outcome-unknown, that Kafka could not confirm yet whether it was (the eventIds are listed). Either way, retry "
            + "the same request after Retry-After with the same eventIds: it appends each event at most once and answers 200 for one "
            + "already in the log. To retry safely, send an eventId with every event: an event without one gets a new eventId on "
            + "each request, so a retry of it would record it again.";

    private static final Logger LOG = Logger.getLogger(EventsResource.class);

    private final Ingestion ingestion;
    private final LedgerConfig config;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final JsonWebToken caller;
    private final Receipts receipts;

    EventsResource(Ingestion ingestion, LedgerConfig config, IngestMetrics metrics, Clock clock, JsonWebToken caller, Receipts receipts) {
        this.ingestion = ingestion;
        this.receipts = receipts;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        this.caller = caller;
    }

    /** recordedBy: the verified token's person and client. */
    private String recordedBy() {
        return org.custodyledger.events.Attribution.of(caller::getClaim);
    }

    @POST
    @Operation(operationId = "appendEvent", summary = "Append one event", description = "201 once Kafka committed it and its receipt is kept; 200 for a retry of the same eventId and content; "
            + "409 for the same eventId with other content." + RETRIES)
    @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(required = true, content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = EventSubmission.class)))
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "201", description = "Appended: durable in the log, with its signed receipt",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON, schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = SingleResult.class)))
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "Already in the log with the same content (a retry): nothing appended",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON, schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = SingleResult.class)))
    public Response append(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        return handle(() -> {
            checkBody(body, contentType, config.ingest().maxEventBytes(), false);
            IngestOutcome outcome = ingestion.ingest(List.of(RequestBodies.single(body, clock.instant())), recordedBy());
            IngestOutcome.Item item = outcome.items().get(0);
            return Response.status(item.appended() ? 201 : 200).entity(SingleResult.of(item, receipts)).build();
        });
    }

    @POST
    @Path("/batch")
    @Operation(operationId = "appendBatch", summary = "Append a batch atomically", description = "A JSON array or NDJSON. Validated whole first; all new events are appended in one Kafka transaction, or none." + RETRIES)
    @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(required = true, content = {
            @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON, schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY,
                    implementation = EventSubmission.class)),
            @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/x-ndjson", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                    description = "One EventSubmission (JSON) per line"))})
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "201", description = "Appended in one Kafka transaction: durable, each new event with its signed receipt",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON, schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = BatchResult.class)))
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "Every event already in the log with the same content (a retry): nothing appended",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON, schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = BatchResult.class)))
    public Response appendBatch(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        return handle(() -> {
            checkBody(body, contentType, config.ingest().maxBatchBytes(), true);
            List<Submission> submissions = RequestBodies.batch(body, clock.instant(), config.ingest().maxBatchEvents());
            IngestOutcome outcome = ingestion.ingest(submissions, recordedBy());
            return Response.status(outcome.appendedCount() > 0 ? 201 : 200).entity(BatchResult.of(outcome, receipts)).build();
        });
    }

    private interface Handler {
        Response run() throws ProblemException, LogUnavailableException, ConflictException;
    }

    private Response handle(Handler handler) {
        try {
            Response response = handler.run();
            Object entity = response.getEntity();
            if (entity instanceof SingleResult single) {
                count(List.of(single));
            } else if (entity instanceof BatchResult batch) {
                count(batch.results());
            }
            return response;
        } catch (ProblemException e) {
            metrics.rejected(e.problem().status() == 413 ? "too-large" : "invalid");
            return e.problem().response().build();
        } catch (ConflictException e) {
            metrics.rejected("conflict");
            List<Problem.Error> errors = e.conflicts().stream().map(c -> new Problem.Error(c.index(), "eventId",
                    c.eventId() + " is already recorded with other content; events are immutable: post a new event (for example an EventRetracted) to correct it")).toList();
            return Problem.of(Response.Status.CONFLICT, "event-conflict", "eventId already used", e.getMessage(), errors)
                    .response().build();
        } catch (LogAppender.OutcomeUnknownException e) {
            metrics.rejected("outcome-unknown");
            LOG.warn(e.getMessage());
            List<Problem.Error> errors = e.written().stream().map(w -> new Problem.Error(null, "eventId", w.eventId().toString())).toList();
            return Problem.of(Response.Status.SERVICE_UNAVAILABLE, "append-outcome-unknown", "Append not confirmed yet",
                    "Kafka took the events but did not confirm the commit, and cannot be read back yet, so whether they are in the log "
                            + "is not known. Retry the same request with the same eventIds (listed in errors) after "
                            + config.ingest().retryAfterSeconds() + " s: the retry finds out from the log and appends nothing twice.", errors)
                    .response().header("Retry-After", config.ingest().retryAfterSeconds()).build();
        } catch (LogUnavailableException e) {
            metrics.rejected("unavailable");
            LOG.warn(e.getMessage());
            return Problem.of(Response.Status.SERVICE_UNAVAILABLE, "log-unavailable", "Event log unavailable",
                    "Nothing was appended. Retry the same request (with the same eventIds) after "
                            + config.ingest().retryAfterSeconds() + " s.", null)
                    .response().header("Retry-After", config.ingest().retryAfterSeconds()).build();
        }
    }

    private void count(List<SingleResult> results) {
        for (SingleResult result : results) {
            if ("appended".equals(result.status())) {
                metrics.accepted(result.type());
            } else {
                metrics.duplicate(result.type());
            }
        }
    }

    private static void checkBody(byte[] body, String contentType, int limit, boolean ndjsonAllowed) throws ProblemException {
        // A body without Content-Type is refused too: a browser page of another origin can send one
        // (a no-cors fetch of a Blob) without asking first, and it must append nothing.
        if (contentType == null || contentType.isBlank()) {
            throw new ProblemException(Problem.of(Response.Status.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Content-Type missing", "Send Content-Type: application/json" + (ndjsonAllowed ? " or application/x-ndjson" : "") + ".",
                    List.of(new Problem.Error(null, "Content-Type", "is missing"))));
        }
        String type = contentType.split(";")[0].strip().toLowerCase();
        boolean json = type.equals("application/json") || type.endsWith("+json");
        if (!json && !(ndjsonAllowed && type.equals("application/x-ndjson"))) {
            throw new ProblemException(Problem.of(Response.Status.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Unsupported content type", "Send application/json" + (ndjsonAllowed ? " or application/x-ndjson" : "")
                            + ", not " + type + ".", List.of(new Problem.Error(null, "Content-Type", "is " + type))));
        }
        if (body == null || body.length > limit) {
            int size = body == null ? 0 : body.length;
            throw new ProblemException(Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, "body-too-large",
                    "Request body too large", "The body has " + size + " bytes; the limit here is " + limit
                            + " bytes. Split a batch into smaller ones.", List.of(new Problem.Error(null, "body", "exceeds " + limit + " bytes"))));
        }
    }

    /**
     * The 201/200 answer for one event, with its signed receipt (null only for a duplicate whose
     * receipt was kept before receipts named the record's hash).
     */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "AppendResult")
    public record SingleResult(String eventId, String type, int partition, long offset, String consistencyToken,
                               String recordedAt, @org.eclipse.microprofile.openapi.annotations.media.Schema(enumeration = {"appended", "duplicate"}) String status,
                               @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) org.custodyledger.audit.SignedReceipt receipt) {
        static SingleResult of(IngestOutcome.Item item, Receipts receipts) {
            AppendedEvent e = item.event();
            return new SingleResult(e.eventId().toString(), e.type(), e.partition(), e.offset(),
                    e.consistencyToken().toString(), e.recordedAt().toString(), item.appended() ? "appended" : "duplicate", receipts.of(e));
        }
    }

    private static final int PARALLEL_SIGNING = 64;

    /** The answer for a batch: one result per item, in the order posted. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "BatchAppendResult")
    public record BatchResult(int accepted, long appended, long duplicates, String consistencyToken,
                              List<SingleResult> results) {
        static BatchResult of(IngestOutcome outcome, Receipts receipts) {
            long appended = outcome.appendedCount();
            // A signature per event is most of a batch's CPU: a large batch's are made on every core (in order).
            var items = outcome.items().size() >= PARALLEL_SIGNING ? outcome.items().parallelStream() : outcome.items().stream();
            return new BatchResult(outcome.items().size(), appended, outcome.items().size() - appended,
                    outcome.consistencyToken().toString(), items.map(item -> SingleResult.of(item, receipts)).toList());
        }
    }

}
