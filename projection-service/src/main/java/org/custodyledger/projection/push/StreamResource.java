package org.custodyledger.projection.push;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Server-sent change notices for dashboards; optionally only for one facility or operation. */
@Path("/stream")
@jakarta.annotation.security.RolesAllowed({"viewer", "auditor", "admin"})
@org.eclipse.microprofile.openapi.annotations.tags.Tag(name = "stream", description = "Server-sent events: what changed, as it changes")
public class StreamResource {
    private final ChangeFeed feed;

    StreamResource(ChangeFeed feed) {
        this.feed = feed;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamChanges", summary = "A 'change' event after each applied unit of work; reconnect with Last-Event-ID to resume without gaps")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "An event stream (text/event-stream) "
            + "that stays open: an event named change per applied unit of work, with its id, and a keep-alive comment when idle",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)))
    public void stream(@Context SseEventSink sink, @Context Sse sse, @HeaderParam("Last-Event-ID") String lastEventId,
                       @QueryParam("facilityId") String facilityId, @QueryParam("operationId") String operationId) {
        feed.subscribe(sink, sse, lastEventId, facilityId, operationId);
    }
}
