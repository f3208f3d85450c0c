package org.custodyledger.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One figure in a statement. Exactly one scope is set: operationId, facilityId or country.
 * {@code asOf} absent means the statement's own time.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Claim(@org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) Metric metric, String operationId, String facilityId, String country, @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) Qualifier qualifier,
                    @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) long value, Instant asOf) {

    public enum Metric { TRANSFERRED_TOTAL, HELD }

    public enum Qualifier { EXACT, ABOUT, AT_LEAST, MORE_THAN, AT_MOST, UP_TO }
}
