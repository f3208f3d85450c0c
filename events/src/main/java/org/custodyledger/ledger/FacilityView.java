package org.custodyledger.ledger;

/** A facility at an instant: population is null without a census baseline; netChange is always given. */
public record FacilityView(String facilityId, String name, String country, String custodian, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) Integer capacity,
                           @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) Long population, long netChange) {
}
