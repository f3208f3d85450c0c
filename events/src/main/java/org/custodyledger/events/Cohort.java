package org.custodyledger.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Schema v2: one line of a breakdown: a cohort (adult, minor, ...), optionally of one nationality, and its count. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Cohort(@org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String cohort, String nationality, @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) int count) {
    private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");

    /** A cohort's label: 1-32 letters, digits, '_' or '-'. */
    public static boolean isLabel(String text) {
        return text != null && LABEL.matcher(text).matches();
    }
}
