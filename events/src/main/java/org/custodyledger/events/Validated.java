package org.custodyledger.events;

import java.util.List;

/** A value, or every problem found on the way to it; never both. */
public record Validated<T>(T value, List<FieldProblem> problems) {
    public Validated {
        problems = List.copyOf(problems);
    }

    static <T> Validated<T> of(T value, List<FieldProblem> problems) {
        return problems.isEmpty() ? new Validated<>(value, List.of()) : new Validated<>(null, problems);
    }

    public boolean isValid() {
        return problems.isEmpty();
    }
}
