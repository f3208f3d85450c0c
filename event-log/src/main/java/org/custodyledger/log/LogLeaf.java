package org.custodyledger.log;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a record of the log is as a leaf of its partition's Merkle tree: everything a reader of
 * the log gets, so any change to a record, or a record moved, shows in the tree.
 *
 * <pre>
 * leaf = "custody-ledger/record/v1"        (24 bytes, ASCII)
 *        partition                         (int32, big-endian)
 *        offset                            (int64)
 *        bytes(key)                        (int32 length, -1 for none, then the bytes)
 *        header count                      (int32), then per header in record order: bytes(UTF-8 name), bytes(value)
 *        bytes(value)
 * </pre>
 * Leaves are in offset order of the records a read-committed consumer gets; the leaf hash is
 * RFC 9162's {@code SHA-256(0x00 || leaf)} ({@link MerkleTree#leafHash}).
 */
public final class LogLeaf {
    private static final byte[] TAG = "custody-ledger/record/v1".getBytes(StandardCharsets.US_ASCII);

    /** A record header as stored. */
    public record Header(String name, byte[] value) {
    }

    private LogLeaf() {
    }

    public static byte[] encode(int partition, long offset, byte[] key, List<Header> headers, byte[] value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (value == null ? 0 : value.length));
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(TAG);
            out.writeInt(partition);
            out.writeLong(offset);
            write(out, key);
            out.writeInt(headers.size());
            for (Header h : headers) {
                write(out, h.name().getBytes(StandardCharsets.UTF_8));
                write(out, h.value());
            }
            write(out, value);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] hash(int partition, long offset, byte[] key, List<Header> headers, byte[] value) {
        return MerkleTree.leafHash(encode(partition, offset, key, headers, value));
    }

    /** The leaf hash of a record as a consumer read it (keys are the log's UTF-8 strings). */
    public static byte[] hash(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record) {
        List<Header> headers = new java.util.ArrayList<>();
        for (org.apache.kafka.common.header.Header h : record.headers()) {
            headers.add(new Header(h.key(), h.value()));
        }
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        return hash(record.partition(), record.offset(), key, headers, record.value());
    }

    private static void write(DataOutputStream out, byte[] field) throws IOException {
        if (field == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(field.length);
            out.write(field);
        }
    }
}
