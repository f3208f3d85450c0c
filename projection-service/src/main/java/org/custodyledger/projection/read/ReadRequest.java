package org.custodyledger.projection.read;

import org.custodyledger.projection.Problem;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.custodyledger.events.ConsistencyToken;

/** The parameters every read takes: an optional instant, and an optional write to wait for. */
record ReadRequest(Instant asOf, ConsistencyToken token) {
    static ReadRequest of(String asOf, String consistencyToken) {
        Instant instant = instant(asOf, "asOf");
        ConsistencyToken token = null;
        if (consistencyToken != null && !consistencyToken.isBlank()) {
            try {
                token = ConsistencyToken.parse(consistencyToken.strip());
            } catch (IllegalArgumentException e) {
                throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid consistencyToken",
                        e.getMessage(), new Problem.Error("consistencyToken", e.getMessage()));
            }
        }
        return new ReadRequest(instant, token);
    }

    /** A nationality parameter: null if absent, else an ISO 3166-1 alpha-2 code or a 400 naming it. */
    static String nationality(String value) {
        if (value != null && !value.matches("[A-Z]{2}")) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid nationality",
                    "nationality is an ISO 3166-1 alpha-2 code in capitals, like 'TN'.", new Problem.Error("nationality", "'" + value + "' is not a country code"));
        }
        return value;
    }

    /** An instant parameter that must be there: a 400 naming it if it is absent or not ISO-8601. */
    static Instant requiredInstant(String value, String parameter) {
        Instant instant = instant(value, parameter);
        if (instant == null) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Missing " + parameter, parameter + " is required (an RFC 3339 instant).",
                    new Problem.Error(parameter, "required"));
        }
        return instant;
    }

    /** An instant parameter, null if absent; a 400 naming the parameter if it is not ISO-8601. */
    static Instant instant(String value, String parameter) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid " + parameter,
                    parameter + " must be an ISO-8601 instant, like 2026-02-01T00:00:00Z.",
                    new Problem.Error(parameter, "'" + value + "' is not an ISO-8601 instant"));
        }
    }
}
