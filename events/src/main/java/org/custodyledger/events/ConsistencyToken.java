package org.custodyledger.events;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Read your own writes" between the two services: ingest returns the log position of what it
 * appended ({@code v1.<partition>-<offset>[.<partition>-<offset>...]}), and the projection waits
 * until it has applied every one of them. Opaque to clients, but human readable for engineers.
 */
public record ConsistencyToken(SortedMap<Integer, Long> offsets) {
    private static final Pattern FORMAT = Pattern.compile("v1(\\.\\d{1,5}-\\d{1,19})+");
    private static final Pattern PART = Pattern.compile("\\.(\\d+)-(\\d+)");

    public ConsistencyToken {
        offsets = new TreeMap<>(offsets);
    }

    public static ConsistencyToken of(int partition, long offset) {
        return new ConsistencyToken(new TreeMap<>(Map.of(partition, offset)));
    }

    /** The highest offset per partition of all the given positions. */
    public ConsistencyToken merge(ConsistencyToken other) {
        TreeMap<Integer, Long> merged = new TreeMap<>(offsets);
        other.offsets.forEach((partition, offset) -> merged.merge(partition, offset, Math::max));
        return new ConsistencyToken(merged);
    }

    public static ConsistencyToken parse(String token) {
        if (token == null || !FORMAT.matcher(token).matches()) {
            throw new IllegalArgumentException("consistencyToken must be a token returned by the ingest service, like 'v1.3-42'");
        }
        TreeMap<Integer, Long> offsets = new TreeMap<>();
        Matcher m = PART.matcher(token);
        while (m.find()) {
            offsets.merge(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), Math::max);
        }
        return new ConsistencyToken(offsets);
    }

    @Override
    public String toString() {
        StringBuilder token = new StringBuilder("v1");
        offsets.forEach((partition, offset) -> token.append('.').append(partition).append('-').append(offset));
        return token.toString();
    }
}
