package org.custodyledger.projection;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/** Every answer says how far the projection has read the log, and how far behind it is. */
@Provider
public class ProjectionHeaders implements ContainerResponseFilter {
    private final ProjectionProgress progress;

    public ProjectionHeaders(ProjectionProgress progress) {
        this.progress = progress;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle("X-Projection-Position", progress.position());
        response.getHeaders().putSingle("X-Projection-Lag", String.valueOf(progress.lag()));
    }
}
