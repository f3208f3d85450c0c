package org.custodyledger.ledger;

/**
 * People held by one custodian (or in one country) at an instant. population is null when a facility
 * in it has no census baseline; inTransit counts transfers under this custodian's lead.
 */
public record CustodyTotal(String key, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) Long population, long netChange, long inTransit, int facilities) {
}
