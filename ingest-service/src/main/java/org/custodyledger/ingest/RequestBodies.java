package org.custodyledger.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.custodyledger.events.EventJson;
import org.custodyledger.events.EventReader;
import org.custodyledger.events.FieldProblem;
import org.custodyledger.events.Submission;
import org.custodyledger.events.Validated;

/**
 * Turns request bodies into submissions, or into the one problem that names everything wrong.
 * A batch is validated whole before anything is appended.
 */
final class RequestBodies {
    private RequestBodies() {
    }

    static Submission single(byte[] body, Instant now) throws ProblemException {
        requireUtf8(body);
        JsonNode json = parse(body, null);
        Validated<Submission> read = EventReader.readSubmission(json, now);
        if (!read.isValid()) {
            throw invalid("The event is not valid; nothing was appended.", errors(null, read.problems()));
        }
        return read.value();
    }

    /** A JSON array of envelopes, or NDJSON (one envelope per line). */
    static List<Submission> batch(byte[] body, Instant now, int maxEvents) throws ProblemException {
        requireUtf8(body);
        List<JsonNode> nodes = new ArrayList<>();
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.startsWith("[")) {
            JsonNode array = parse(body, null);
            array.forEach(nodes::add);
        } else {
            String[] lines = text.split("\r?\n");
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    nodes.add(parse(lines[i].getBytes(StandardCharsets.UTF_8), nodes.size()));
                }
            }
        }
        if (nodes.isEmpty()) {
            throw invalid("The batch is empty.", List.of(new Problem.Error(null, "body", "must hold at least one event")));
        }
        if (nodes.size() > maxEvents) {
            throw invalid("The batch is too long.", List.of(new Problem.Error(null, "body",
                    "holds " + nodes.size() + " events; at most " + maxEvents + " per batch, split it")));
        }
        List<Problem.Error> errors = new ArrayList<>();
        List<Submission> submissions = new ArrayList<>();
        Map<UUID, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Validated<Submission> read = EventReader.readSubmission(nodes.get(i), now);
            errors.addAll(errors(i, read.problems()));
            if (read.isValid()) {
                submissions.add(read.value());
                UUID id = read.value().eventId();
                Integer earlier = id == null ? null : firstIndex.putIfAbsent(id, i);
                if (earlier != null) {
                    errors.add(new Problem.Error(i, "eventId", "repeats the eventId of item " + earlier));
                }
            }
        }
        if (!errors.isEmpty()) {
            long bad = errors.stream().map(Problem.Error::index).distinct().count();
            throw invalid(bad + " of " + nodes.size() + " events are not valid; nothing was appended.", errors);
        }
        return submissions;
    }

    /** Checked on the whole body first: decoding a batch into lines would silently replace bad bytes. */
    private static void requireUtf8(byte[] body) throws ProblemException {
        String problem = org.custodyledger.events.Utf8.problem(body);
        if (problem != null) {
            throw invalid("The body " + problem + "; nothing was appended.", List.of(new Problem.Error(null, "body", problem)));
        }
    }

    private static JsonNode parse(byte[] json, Integer index) throws ProblemException {
        try {
            JsonNode node = EventJson.parse(json);
            if (node == null || node.isMissingNode()) {
                throw invalid("The body is empty.", List.of(new Problem.Error(index, "body", "must be a JSON event")));
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw invalid("The body is not valid JSON" + where + ".",
                    List.of(new Problem.Error(index, "body", "malformed JSON" + where + ": " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw invalid("The body could not be read.", List.of(new Problem.Error(index, "body", e.getMessage())));
        }
    }

    private static List<Problem.Error> errors(Integer index, List<FieldProblem> problems) {
        return problems.stream().map(p -> new Problem.Error(index, p.field(), p.message())).toList();
    }

    private static ProblemException invalid(String detail, List<Problem.Error> errors) {
        return new ProblemException(Problem.of(Response.Status.BAD_REQUEST, "invalid-event", "Invalid event", detail, errors));
    }
}
