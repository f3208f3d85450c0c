package org.custodyledger.ingest;

/**
 * An event in the log, the fingerprint of what was posted for it, and the schema version the
 * fingerprint was taken under. Unconfirmed: written before its Kafka commit, which may not have
 * happened; the log at its position says (see {@link Ingestion}).
 */
public record Receipt(AppendedEvent event, String fingerprint, int schemaVersion, boolean confirmed) {
    public Receipt(AppendedEvent event, String fingerprint, int schemaVersion) {
        this(event, fingerprint, schemaVersion, true);
    }
}
