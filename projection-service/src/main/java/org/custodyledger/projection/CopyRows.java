package org.custodyledger.projection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.PGConnection;

/**
 * Rows for one table, sent with PostgreSQL's {@code COPY ... FROM STDIN} (text format): several
 * times cheaper for the server than multi-row INSERTs, which is what a replay of a long log is
 * bound by. Sent in slices so a unit with a hundred thousand anomalies stays small in memory.
 */
public final class CopyRows {
    private static final int SLICE = 5_000;

    /** A value that is already UTF-8 text (a stored envelope): copied as is, only escaped. */
    public record Utf8(byte[] bytes) {
    }

    private final String table;
    private byte[] buffer = new byte[64 * 1024];
    private int length;
    private int count;

    /** @param table the table and, where not all of them in order, its column list */
    public CopyRows(String table) {
        this.table = table;
    }

    /** Adds a row; sends what is buffered once a slice is full. */
    public void add(Connection c, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                put((byte) '\t');
            }
            Object value = values[i];
            if (value == null) {
                put((byte) '\\');
                put((byte) 'N');
            } else {
                escape(value instanceof Utf8 text ? text.bytes() : value.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        put((byte) '\n');
        if (++count >= SLICE) {
            send(c);
        }
    }

    public void send(Connection c) throws SQLException {
        if (count == 0) {
            return;
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN", new ByteArrayInputStream(buffer, 0, length));
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed", e);
        }
        length = 0;
        count = 0;
    }

    /**
     * COPY's text format: backslash, tab, newline and carriage return are escaped. Working on UTF-8
     * bytes is safe: those are ASCII, and no byte of a multi-byte character is below 0x80.
     */
    private void escape(byte[] text) {
        for (byte b : text) {
            switch (b) {
                case '\\' -> { put((byte) '\\'); put((byte) '\\'); }
                case '\t' -> { put((byte) '\\'); put((byte) 't'); }
                case '\n' -> { put((byte) '\\'); put((byte) 'n'); }
                case '\r' -> { put((byte) '\\'); put((byte) 'r'); }
                default -> put(b);
            }
        }
    }

    private void put(byte b) {
        if (length == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        buffer[length++] = b;
    }
}
