package org.custodyledger.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One figure in a statement. Exactly one scope is set: operationId, facilityId or country.
 * {@code asOf} absent means the statement's own time. Schema v3: {@code cohort} and/or
 * {@code nationality} narrow the figure to the breakdown lines that match them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Claim(@org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) Metric metric, String operationId, String facilityId, String country, @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) Qualifier qualifier,
                    @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) long value, Instant asOf, String cohort, String nationality) {

    public enum Metric { TRANSFERRED_TOTAL, HELD }

    public enum Qualifier { EXACT, ABOUT, AT_LEAST, MORE_THAN, AT_MOST, UP_TO }

    /** A claim about everyone in its scope. */
    public Claim(Metric metric, String operationId, String facilityId, String country, Qualifier qualifier, long value, Instant asOf) {
        this(metric, operationId, facilityId, country, qualifier, value, asOf, null, null);
    }

    /** Whether the claim counts only some breakdown lines. */
    public boolean narrowed() {
        return cohort != null || nationality != null;
    }
}
