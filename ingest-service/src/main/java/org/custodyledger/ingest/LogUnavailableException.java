package org.custodyledger.ingest;

/** Kafka (or the receipt store) did not answer in time: nothing was confirmed, the client should retry. */
public class LogUnavailableException extends Exception {
    public LogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
