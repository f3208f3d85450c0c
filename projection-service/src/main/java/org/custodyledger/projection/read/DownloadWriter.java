package org.custodyledger.projection.read;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.custodyledger.projection.Downloads;
import org.custodyledger.projection.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Writes a read's answer as CSV or NDJSON ({@link Downloads}), and lets a link ask for one with
 * {@code ?format=csv|ndjson|json} where it cannot set Accept (a download button, a spreadsheet's
 * "from web").
 */
@Provider
@Produces({Downloads.CSV, Downloads.NDJSON})
public class DownloadWriter implements MessageBodyWriter<JsonNode> {
    private static final Map<String, String> FORMATS = Map.of("csv", Downloads.CSV, "ndjson", Downloads.NDJSON, "json", MediaType.APPLICATION_JSON);

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return JsonNode.class.isAssignableFrom(type) && table(annotations) != null && (csv(mediaType) || ndjson(mediaType));
    }

    @Override
    public void writeTo(JsonNode answer, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        Downloads.Table table = table(annotations);
        boolean csv = csv(mediaType);
        headers.putSingle(HttpHeaders.CONTENT_TYPE, csv ? Downloads.CSV + "; charset=utf-8; header=present" : Downloads.NDJSON + "; charset=utf-8");
        headers.putSingle("Content-Disposition", "attachment; filename=\"" + table.name() + (csv ? ".csv" : ".ndjson") + "\"");
        out.write((csv ? Downloads.csv(table, answer) : Downloads.ndjson(table, answer)).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean csv(MediaType type) {
        return "text".equals(type.getType()) && "csv".equals(type.getSubtype());
    }

    private static boolean ndjson(MediaType type) {
        return "application".equals(type.getType()) && "x-ndjson".equals(type.getSubtype());
    }

    private static Downloads.Table table(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a instanceof Operation operation) {
                return Downloads.TABLES.get(operation.operationId());
            }
        }
        return null;
    }

    /** {@code ?format=} becomes the Accept header, before the request is matched to a method. */
    @Provider
    @PreMatching
    public static class FormatParameter implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            String format = request.getUriInfo().getQueryParameters().getFirst("format");
            if (format == null) {
                return;
            }
            String type = FORMATS.get(format);
            if (type == null) {
                request.abortWith(Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid format",
                        "format is csv, ndjson or json.", new Problem.Error("format", "'" + format + "' is not a format")).getResponse());
                return;
            }
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, type);
        }
    }
}
