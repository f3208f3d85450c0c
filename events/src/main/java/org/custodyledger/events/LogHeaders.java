package org.custodyledger.events;

/**
 * Kafka record headers, after the CloudEvents Kafka protocol binding (binary mode): the value is
 * the stored envelope, and the headers let a consumer route or filter without decoding it.
 */
public final class LogHeaders {
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String SUBJECT = "ce_subject";
    /** CloudEvents extension attribute: the schema version of {@code data}. */
    public static final String SCHEMA_VERSION = "ce_schemaversion";
    public static final String CONTENT_TYPE = "content-type";

    public static final String CLOUDEVENTS_VERSION = "1.0";
    public static final String SOURCE_INGEST = "/custody-ledger/ingest";

    private LogHeaders() {
    }
}
