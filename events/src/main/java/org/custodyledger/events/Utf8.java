package org.custodyledger.events;

/**
 * Whether bytes are strict UTF-8 (RFC 3629) without a byte-order mark. JSON parsers are lenient
 * here: Jackson skips a BOM, guesses UTF-16 and UTF-32 from the first bytes, and a String built
 * from bad bytes silently holds U+FFFD; a ledger stores exactly what was sent, or refuses it.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** Why {@code bytes} are not strict UTF-8 JSON text (no BOM, no NUL byte), or null when they are. */
    public static String problem(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            return "starts with a byte-order mark; send UTF-8 without one";
        }
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            if (b == 0) {
                // Never in JSON text (it would be escaped in a string); a sign of UTF-16 or UTF-32.
                return "holds a NUL byte (byte " + i + "); send UTF-8 text, not UTF-16 or UTF-32";
            }
            if (b < 0x80) {
                i++;
                continue;
            }
            int length;
            int min;
            int max = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                length = 2;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                length = 3;
                min = b == 0xE0 ? 0xA0 : 0x80; // no overlong forms
                max = b == 0xED ? 0x9F : 0xBF; // no UTF-16 surrogates
            } else if (b >= 0xF0 && b <= 0xF4) {
                length = 4;
                min = b == 0xF0 ? 0x90 : 0x80;
                max = b == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
            } else {
                return invalidAt(i);
            }
            if (i + length > bytes.length) {
                return invalidAt(i);
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < min || second > max) {
                return invalidAt(i);
            }
            for (int k = 2; k < length; k++) {
                int next = bytes[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return invalidAt(i);
                }
            }
            i += length;
        }
        return null;
    }

    private static String invalidAt(int offset) {
        return "is not valid UTF-8 (byte " + offset + "); send UTF-8 text";
    }
}
