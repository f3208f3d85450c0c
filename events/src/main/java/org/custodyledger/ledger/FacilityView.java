package org.custodyledger.ledger;

/** A facility at an instant: population is null without a census baseline; netChange is always given. */
public record FacilityView(String facilityId, String name, String country, String custodian, Integer capacity,
                           Long population, long netChange) {
}
