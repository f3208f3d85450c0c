package org.custodyledger.ingest;

/** An event already in the log, and the fingerprint of what was posted for it. */
public record Receipt(AppendedEvent event, String fingerprint) {
}
