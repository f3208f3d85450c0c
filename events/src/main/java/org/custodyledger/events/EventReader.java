package org.custodyledger.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one place where JSON becomes events, with every SPEC v1 rule. Pure: the clock is a parameter.
 * Operators' submissions and stored log records go through the same data rules, so nothing that
 * ingest would reject can be folded, and nothing ingest accepts is unreadable later.
 */
public final class EventReader {
    private EventReader() {
    }

    /** An operator's envelope: {eventId?, type, occurredAt, data}; server fields are refused. */
    public static Validated<Submission> readSubmission(JsonNode json, Instant now) {
        List<FieldProblem> problems = new ArrayList<>();
        if (json == null || !json.isObject()) {
            return Validated.of(null, List.of(new FieldProblem("", "must be a JSON object {eventId?, type, occurredAt, data}")));
        }
        FieldReader envelope = new FieldReader(json, "", problems);
        for (String serverField : List.of("recordedAt", "recordedBy", "schemaVersion")) {
            if (envelope.has(serverField)) {
                envelope.problem(serverField, "is set by the server; leave it out");
            }
        }
        UUID eventId = envelope.uuid("eventId", false);
        Instant occurredAt = envelope.instant("occurredAt", true, now);
        // Operators may post a breakdown in the v1 form; it is upcast like a stored v1 record.
        CustodyEvent data = readTypedData(envelope, problems, 1, now);
        envelope.rejectUnknownFields();
        return Validated.of(new Submission(eventId, occurredAt, data), problems);
    }

    /**
     * An envelope the projection stored after reading it with {@link #readStored(JsonNode)}: it
     * read then, so failing now is a broken store, not bad input.
     */
    public static Envelope readStored(String storedJson) {
        try {
            Validated<Envelope> read = readStored(EventJson.parse(storedJson.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            if (!read.isValid()) {
                throw new IllegalStateException("a stored envelope no longer reads: " + read.problems());
            }
            return read.value();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored envelope unreadable", e);
        }
    }

    /** A record from the log, as {@link EventJson#write} stored it. */
    public static Validated<Envelope> readStored(JsonNode json) {
        List<FieldProblem> problems = new ArrayList<>();
        if (json == null || !json.isObject()) {
            return Validated.of(null, List.of(new FieldProblem("", "must be a JSON object")));
        }
        FieldReader envelope = new FieldReader(json, "", problems);
        UUID eventId = envelope.uuid("eventId", true);
        Instant occurredAt = envelope.instant("occurredAt", true);
        Instant recordedAt = envelope.instant("recordedAt", true);
        String recordedBy = envelope.requiredText("recordedBy", Limits.NAME_LENGTH);
        Integer version = envelope.integer("schemaVersion", 1, true);
        if (version != null && version > EventTypes.CURRENT_SCHEMA_VERSION) {
            envelope.problem("schemaVersion", "version " + version + " is newer than this release reads (" + EventTypes.CURRENT_SCHEMA_VERSION + ")");
        }
        CustodyEvent data = readTypedData(envelope, problems, version == null ? EventTypes.CURRENT_SCHEMA_VERSION : version, null);
        envelope.rejectUnknownFields();
        if (!problems.isEmpty()) {
            return Validated.of(null, problems);
        }
        // Once upcast, the event is of the current version, and is written so if stored again.
        return Validated.of(new Envelope(eventId, occurredAt, recordedAt, recordedBy, EventTypes.CURRENT_SCHEMA_VERSION, data), problems);
    }

    /** @param now the clock of a submission (instants may not lie ahead of it); null for a stored record */
    private static CustodyEvent readTypedData(FieldReader envelope, List<FieldProblem> problems, int version, Instant now) {
        String type = envelope.token("type", 64, true);
        FieldReader data = envelope.upcastObject("data", type, version);
        if (type == null) {
            return null;
        }
        if (EventTypes.byName(type).isEmpty()) {
            envelope.problem("type", "unknown event type '" + type + "'; known: " + String.join(", ", EventTypes.names()));
            return null;
        }
        if (data == null) {
            return null;
        }
        int before = problems.size();
        CustodyEvent event = readData(type, data, now);
        data.rejectUnknownFields();
        return problems.size() > before ? null : event;
    }

    private static CustodyEvent readData(String type, FieldReader d, Instant now) {
        switch (type) {
            case "FacilityRegistered":
                return new FacilityRegistered(d.slug("facilityId", true), d.requiredText("name", Limits.NAME_LENGTH),
                        d.country("country", true), d.requiredText("custodian", Limits.NAME_LENGTH),
                        d.integer("capacity", 1, false));
            case "CustodianChanged":
                return new CustodianChanged(d.slug("facilityId", true), d.requiredText("custodian", Limits.NAME_LENGTH));
            case "FacilityLocated": {
                String facilityId = d.slug("facilityId", true);
                Double latitude = d.degrees("latitude", 90);
                Double longitude = d.degrees("longitude", 180);
                return latitude == null || longitude == null ? null : new FacilityLocated(facilityId, latitude, longitude);
            }
            case "OperationPlanned":
                return new OperationPlanned(d.slug("operationId", true), d.requiredText("name", Limits.NAME_LENGTH),
                        d.requiredText("lead", Limits.NAME_LENGTH), d.integer("plannedMax", 1, false),
                        d.country("fromCountry", false), d.country("toCountry", false));
            case "CensusRecorded": {
                String facilityId = d.slug("facilityId", true);
                Integer population = d.integer("population", 0, true);
                return new CensusRecorded(facilityId, population == null ? 0 : population,
                        d.breakdown("breakdown", population));
            }
            case "TransferInitiated":
                return readTransferInitiated(d);
            case "TransferCompleted":
            {
                String transferId = d.identifier("transferId");
                Integer received = d.integer("receivedCount", 0, false);
                // Without receivedCount the lines must add up to the initiated count, which the fold checks.
                return new TransferCompleted(transferId, received, d.breakdown("breakdown", received));
            }
            case "TransferCancelled":
                return new TransferCancelled(d.identifier("transferId"), d.requiredText("reason", Limits.REASON_LENGTH));
            case "StatementRecorded":
                return readStatement(d, now);
            case "EventRetracted":
                return new EventRetracted(d.uuid("targetEventId", true), d.requiredText("reason", Limits.REASON_LENGTH));
            default:
                throw new IllegalStateException("type listed in EventTypes but not read: " + type);
        }
    }

    private static TransferInitiated readTransferInitiated(FieldReader d) {
        String transferId = d.identifier("transferId");
        String operationId = d.slug("operationId", false);
        String from = d.slug("fromFacilityId", true);
        String to = d.slug("toFacilityId", true);
        if (from != null && from.equals(to)) {
            d.problem("toFacilityId", "must differ from fromFacilityId");
        }
        Integer count = d.integer("count", 1, true);
        return new TransferInitiated(transferId, operationId, from, to, count == null ? 0 : count,
                d.breakdown("breakdown", count));
    }

    private static StatementRecorded readStatement(FieldReader d, Instant now) {
        String statementId = d.identifier("statementId");
        String speaker = d.requiredText("speaker", Limits.NAME_LENGTH);
        String role = d.optionalText("role", Limits.NAME_LENGTH);
        String organization = d.requiredText("organization", Limits.NAME_LENGTH);
        String venue = d.optionalText("venue", Limits.NAME_LENGTH);
        String publication = d.optionalText("publication", Limits.NAME_LENGTH);
        String url = d.url("url");
        String quote = d.optionalQuote("quote", Limits.QUOTE_LENGTH);
        // A statement is recorded for the figures it claims; one without any checks nothing.
        List<FieldReader> items = d.array("claims", 1, Limits.MAX_CLAIMS);
        List<Claim> claims = new ArrayList<>();
        if (items != null) {
            for (FieldReader item : items) {
                if (item != null) {
                    claims.add(readClaim(item, now));
                }
            }
        }
        return new StatementRecorded(statementId, speaker, role, organization, venue, publication, url, quote, claims);
    }

    private static Claim readClaim(FieldReader c, Instant now) {
        Claim.Metric metric = c.enumValue("metric", Claim.Metric.class);
        String operationId = c.slug("operationId", false);
        String facilityId = c.slug("facilityId", false);
        String country = c.country("country", false);
        int scopes = (c.has("operationId") ? 1 : 0) + (c.has("facilityId") ? 1 : 0) + (c.has("country") ? 1 : 0);
        if (scopes != 1) {
            c.problem("operationId", "a claim names exactly one scope: operationId, facilityId or country");
        } else if (metric == Claim.Metric.HELD && c.has("operationId")) {
            c.problem("operationId", "HELD is a population: its scope is a facilityId or a country");
        }
        Claim.Qualifier qualifier = c.enumValue("qualifier", Claim.Qualifier.class);
        Integer value = c.integer("value", 0, true);
        Instant asOf = c.instant("asOf", false, now);
        String cohort = c.cohortLabel("cohort", false);
        String nationality = c.country("nationality", false);
        c.rejectUnknownFields();
        return new Claim(metric, operationId, facilityId, country, qualifier, value == null ? 0 : value, asOf, cohort, nationality);
    }
}
