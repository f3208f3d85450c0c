package org.custodyledger.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Schema v2: one line of a breakdown: a cohort (adult, minor, ...), optionally of one nationality, and its count. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Cohort(@org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String cohort, String nationality, @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) int count) {
}
