package org.custodyledger.ledger;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A facility at an instant: population is null without a census baseline; netChange is always
 * given; location is the latest FacilityLocated after its registration, null without one.
 */
public record FacilityView(String facilityId, String name, String country, String custodian, @Schema(nullable = true) Integer capacity,
                           @Schema(nullable = true) Long population, long netChange, @Schema(nullable = true) Location location) {
    /** WGS 84 degrees. */
    public record Location(double latitude, double longitude) {
    }

    /** Without a location. */
    public FacilityView(String facilityId, String name, String country, String custodian, Integer capacity, Long population, long netChange) {
        this(facilityId, name, country, custodian, capacity, population, netChange, null);
    }
}
