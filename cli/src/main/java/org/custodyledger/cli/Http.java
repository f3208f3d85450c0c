package org.custodyledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.custodyledger.events.EventJson;

/** JSON over HTTP to the services, failures turned into one-line messages that say what to check. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static volatile String token;

    private Http() {
    }

    /** The bearer token every request carries; null or blank: none. */
    static void useToken(String bearerToken) {
        token = bearerToken == null || bearerToken.isBlank() ? null : bearerToken.strip();
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    record Answer(int status, JsonNode body, String text) {
    }

    static Answer get(String url) {
        return send(authorized(HttpRequest.newBuilder(URI.create(url))).timeout(Duration.ofSeconds(60)).GET().build());
    }

    static Answer post(String url, String contentType, String body) {
        return send(authorized(HttpRequest.newBuilder(URI.create(url))).timeout(Duration.ofSeconds(120)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Exits with a clear message unless the answer is 2xx. */
    static JsonNode ok(Answer answer, String what) {
        if (answer.status() == 401) {
            throw new CliException(LedgerCli.FAILED, what + " refused: " + (token == null ? "no token; set LEDGER_TOKEN or pass --token"
                    : "the token is expired or not from this ledger's issuer; get a new one") + " (local stack: ./ledger token --role admin --name YOU)");
        }
        if (answer.status() == 403) {
            throw new CliException(LedgerCli.FAILED, what + " refused: the token lacks the role this needs ("
                    + (answer.body() != null ? answer.body().path("detail").asText() : "") + ")");
        }
        if (answer.status() / 100 != 2) {
            String detail = answer.body() != null && answer.body().has("detail") ? answer.body().get("detail").asText() : answer.text();
            throw new CliException(LedgerCli.FAILED, what + " failed: HTTP " + answer.status() + ": " + detail);
        }
        return answer.body();
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            try {
                body = EventJson.mapper().readTree(response.body());
            } catch (IOException notJson) {
                // leave body null; text says what came back
            }
            return new Answer(response.statusCode(), body, response.body());
        } catch (IOException e) {
            throw new CliException(LedgerCli.UNREACHABLE, "cannot reach " + request.uri().getScheme() + "://" + request.uri().getAuthority()
                    + " (" + e.getClass().getSimpleName() + "); is the stack up? Try './ledger status', or pass --ingest/--projection");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(LedgerCli.FAILED, "interrupted");
        }
    }
}
