package org.custodyledger.projection.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.custodyledger.audit.Attestation;
import org.custodyledger.projection.Problem;
import org.custodyledger.projection.query.LogTrees;

/**
 * {@code attest=true} on a read: the answer comes as {@code {"answer": ..., "attestation": ...}},
 * the attestation signed by the projection's key over the request, the answer's canonical hash and
 * the log's trees in the snapshot the answer was read from ({@link Attestation}); {@code ledger cli
 * verify-report} checks it offline. Such answers are computed afresh, never from the answer cache.
 */
@Provider
public class Attestations implements ContainerRequestFilter, ContainerResponseFilter {
    private static final Set<String> READS = Set.of("custody", "facilities", "operations", "transfers", "statements", "reconciliation", "anomalies");

    private final AttestedRead attested;
    private final AttestationSigner signer;
    private final ObjectMapper json;

    public Attestations(AttestedRead attested, AttestationSigner signer, ObjectMapper json) {
        this.attested = attested;
        this.signer = signer;
        this.json = json;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String attest = request.getUriInfo().getQueryParameters().getFirst("attest");
        if (attest == null) {
            return;
        }
        if (!attest.equals("true") && !attest.equals("false")) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid attest", "attest is true or false.",
                    new Problem.Error("attest", "'" + attest + "' is neither true nor false"));
        }
        String first = request.getUriInfo().getPath().replaceFirst("^/", "").split("/")[0];
        if (attest.equals("true") && "GET".equals(request.getMethod()) && READS.contains(first)) {
            attested.want();
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!attested.wanted() || response.getStatus() != 200 || !response.hasEntity()) {
            return;
        }
        List<LogTrees.PartitionTree> trees = attested.trees();
        if (trees == null || trees.stream().anyMatch(t -> !t.complete())) {
            replace(response, Problem.of(Response.Status.CONFLICT, "tree-incomplete", "Cannot attest",
                    "The log's trees were not kept from its start, so an answer cannot be tied to them; a replay (POST /admin/replay) rebuilds them.")
                    .getResponse());
            return;
        }
        try {
            JsonNode answer = json.valueToTree(response.getEntity());
            Attestation attestation = signer.sign(request(request), json.writeValueAsString(answer), trees);
            ObjectNode attestedAnswer = json.createObjectNode();
            attestedAnswer.set("answer", answer);
            attestedAnswer.set("attestation", json.valueToTree(attestation));
            response.setEntity(attestedAnswer, response.getEntityAnnotations(), MediaType.APPLICATION_JSON_TYPE);
        } catch (SQLException | JsonProcessingException e) {
            replace(response, Problem.of(Response.Status.SERVICE_UNAVAILABLE, "store-unavailable", "Cannot attest",
                    "The checkpoints could not be read (" + e.getMessage() + "); retry shortly.").getResponse());
        }
    }

    /** The path and query the answer is for, without attest. */
    private static String request(ContainerRequestContext request) {
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        String rest = query == null ? "" : Arrays.stream(query.split("&")).filter(p -> !p.startsWith("attest=")).collect(Collectors.joining("&"));
        return request.getUriInfo().getRequestUri().getRawPath() + (rest.isEmpty() ? "" : "?" + rest);
    }

    private static void replace(ContainerResponseContext response, Response with) {
        response.setStatus(with.getStatus());
        response.setEntity(with.getEntity(), null, MediaType.valueOf("application/problem+json"));
    }
}
