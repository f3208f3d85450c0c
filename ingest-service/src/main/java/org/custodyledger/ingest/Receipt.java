package org.custodyledger.ingest;

/** An event already in the log, the fingerprint of what was posted for it, and the schema version the fingerprint was taken under. */
public record Receipt(AppendedEvent event, String fingerprint, int schemaVersion) {
}
