package org.custodyledger.projection;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.custodyledger.events.EventJson;

/**
 * Answers a read: waits for the client's own write when asked, then serves the stored current
 * document, or for {@code asOf} a fold of the applied events at that instant.
 */
@ApplicationScoped
public class ReadModelService {
    private final ProjectionStore store;
    private final LedgerEvents events;
    private final ProjectionProgress progress;
    private final ProjectionConfig config;

    ReadModelService(ProjectionStore store, LedgerEvents events, ProjectionProgress progress, ProjectionConfig config) {
        this.store = store;
        this.events = events;
        this.progress = progress;
        this.config = config;
    }

    public JsonNode document(String name, ReadRequest request) {
        awaitWrite(request);
        if (request.asOf() != null) {
            return ReadModels.documents(events.at(request.asOf())).get(name);
        }
        try {
            return store.currentView(name).orElseGet(() -> ReadModels.documents(events.at(ReadModels.CURRENT)).get(name));
        } catch (SQLException e) {
            throw Problem.of(Response.Status.SERVICE_UNAVAILABLE, "store-unavailable", "Read models unavailable",
                    "PostgreSQL did not answer (" + e.getMessage() + "); retry shortly.");
        }
    }

    /** Records the projection could not decode, listed with the anomalies. */
    public JsonNode rejectedRecords() {
        try {
            return EventJson.mapper().valueToTree(store.rejectedRecords());
        } catch (SQLException e) {
            throw Problem.of(Response.Status.SERVICE_UNAVAILABLE, "store-unavailable", "Read models unavailable",
                    "PostgreSQL did not answer (" + e.getMessage() + "); retry shortly.");
        }
    }

    private void awaitWrite(ReadRequest request) {
        if (request.token() == null) {
            return;
        }
        try {
            if (!progress.awaitCovers(request.token(), config.projection().consistencyWait())) {
                throw Problem.of(Response.Status.GATEWAY_TIMEOUT, "not-yet-visible", "Write not yet visible",
                        "The projection has not applied " + request.token() + " within " + config.projection().consistencyWait().toSeconds()
                                + " s (it is at " + progress.position() + ", lag " + progress.lag() + "). Retry the same read.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Problem.of(Response.Status.SERVICE_UNAVAILABLE, "interrupted", "Interrupted", "Retry the read.");
        }
    }
}
