package org.custodyledger.events;

/**
 * What a string in an event may hold. PostgreSQL cannot store NUL, a lone UTF-16 surrogate has no
 * UTF-8 form, and other control characters are never what an operator meant: each is refused at
 * the door (and in stored records) rather than failing later in the projection.
 */
enum TextRule {
    /** Ids, types, timestamps, codes. */
    TOKEN,
    /** Names, reasons: one line. */
    FREE_TEXT,
    /** A quote: tabs and line breaks are part of what was said. */
    MULTILINE_TEXT;

    /** Why {@code text} cannot be stored, or null when it can. */
    static String unstorable(String text, TextRule rule) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "holds an unpaired surrogate " + escaped(c) + " at character " + i + "; send valid UTF-8 text";
            }
            if (Character.isLowSurrogate(c)) {
                return "holds an unpaired surrogate " + escaped(c) + " at character " + i + "; send valid UTF-8 text";
            }
            if (c == '\uFEFF') {
                return "holds a byte-order mark (U+FEFF) at character " + i;
            }
            if (c < 0x20 || c == 0x7F) {
                if (rule == MULTILINE_TEXT && (c == '\t' || c == '\n')) {
                    continue;
                }
                return "holds the control character " + escaped(c) + " at character " + i
                        + (rule == MULTILINE_TEXT ? "; only tab and newline are allowed in a quote" : "; remove it");
            }
        }
        return null;
    }

    private static String escaped(char c) {
        return String.format("U+%04X", (int) c);
    }
}
