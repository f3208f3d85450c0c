package org.custodyledger.events;

/** One thing wrong with the input, named by its JSON path (for example {@code data.count}). */
public record FieldProblem(String field, String message) {
}
