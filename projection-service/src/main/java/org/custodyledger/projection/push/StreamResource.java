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
public class StreamResource {
    private final ChangeFeed feed;

    StreamResource(ChangeFeed feed) {
        this.feed = feed;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "A 'change' event after each applied unit of work; reconnect with Last-Event-ID to resume without gaps")
    public void stream(@Context SseEventSink sink, @Context Sse sse, @HeaderParam("Last-Event-ID") String lastEventId,
                       @QueryParam("facilityId") String facilityId, @QueryParam("operationId") String operationId) {
        feed.subscribe(sink, sse, lastEventId, facilityId, operationId);
    }
}
