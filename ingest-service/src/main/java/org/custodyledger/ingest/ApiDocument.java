package org.custodyledger.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.custodyledger.api.ApiConventions;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Discriminator;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The ingest service's OpenAPI document: the request body as one envelope per event type (the
 * operator's {eventId?, type, occurredAt, data}, {@code type} the discriminator), the v1 form of a
 * breakdown that is still accepted, and the error answers of an append (400, 409, 413, 415) beyond
 * those of every operation ({@link ApiConventions}). Registered with {@code mp.openapi.filter}.
 */
public class ApiDocument extends ApiConventions {
    public ApiDocument() {
        // Problem documents and the events' own records (each event type, its claims and cohort lines) leave optional fields out rather than null.
        super(Map.of(), Stream.concat(Stream.of("Problem", "Error", "Cohort", "Claim"),
                Stream.of(org.custodyledger.events.CustodyEvent.class.getPermittedSubclasses()).map(Class::getSimpleName)).collect(java.util.stream.Collectors.toSet()));
    }

    @Override
    protected void addErrors(String path, PathItem.HttpMethod method, Operation operation, APIResponses responses) {
        if (method == PathItem.HttpMethod.POST) {
            // SmallRye documents a bare 400 for a request body; ours is a problem document.
            responses.addAPIResponse("400", OASFactory.createAPIResponse().ref(ref("BadRequest")));
            add(responses, "409", ref("Conflict"));
            add(responses, "413", ref("TooLarge"));
            add(responses, "415", ref("UnsupportedMediaType"));
        }
    }

    @Override
    protected void complete(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        Schema submission = schemas.get("EventSubmission");
        if (submission == null || submission.getOneOf() == null) {
            return;
        }
        List<Schema> envelopes = new ArrayList<>();
        Discriminator discriminator = OASFactory.createDiscriminator().propertyName("type");
        for (Schema data : submission.getOneOf()) {
            String type = data.getRef().substring(data.getRef().lastIndexOf('/') + 1);
            String name = type + "Submission";
            openAPI.getComponents().addSchema(name, OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                    .description("A " + type + " event as an operator posts it")
                    .addProperty("eventId", OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uuid")
                            .description("Chosen by the client, so a retry appends nothing twice; without it, the server gives one"))
                    .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING).constValue(type))
                    .addProperty("occurredAt", OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("date-time")
                            .description("When it happened (RFC 3339), not when it is recorded"))
                    .addProperty("data", OASFactory.createSchema().ref("#/components/schemas/" + type))
                    .required(List.of("type", "occurredAt", "data")).additionalPropertiesBoolean(false));
            envelopes.add(OASFactory.createSchema().ref("#/components/schemas/" + name));
            discriminator.addMapping(type, "#/components/schemas/" + name);
        }
        submission.setOneOf(envelopes);
        submission.setDiscriminator(discriminator);
        submission.setDescription("One event: its type names the data it carries; recordedAt, recordedBy and schemaVersion are the server's");
        // A breakdown may still come in the v1 form, an object of cohort to count; it is upcast.
        for (String type : List.of("CensusRecorded", "TransferInitiated")) {
            Schema data = schemas.get(type);
            if (data != null && data.getProperties() != null && data.getProperties().containsKey("breakdown")) {
                Schema lines = data.getProperties().get("breakdown");
                data.addProperty("breakdown", OASFactory.createSchema().description("Per cohort (and nationality): a list of lines, "
                        + "or as in schema version 1 an object of cohort to count").oneOf(List.of(lines,
                        OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).additionalPropertiesSchema(
                                OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(java.math.BigDecimal.ZERO)))));
            }
        }
    }
}
