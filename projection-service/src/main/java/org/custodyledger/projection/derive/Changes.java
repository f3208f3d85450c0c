package org.custodyledger.projection.derive;

import java.util.Set;
import java.util.TreeSet;

/**
 * What one or more units of work changed: the facilities and operations they touched, how many
 * transfers, and whether statements came in. A count, not ids, for transfers: a catch-up over a long
 * log touches hundreds of thousands, and subscribers filter by facility or operation only.
 */
public record Changes(Set<String> facilities, Set<String> operations, int transfers, boolean statements) {
    public static final Changes NONE = new Changes(Set.of(), Set.of(), 0, false);

    public Changes {
        facilities = new TreeSet<>(facilities);
        operations = new TreeSet<>(operations);
    }

    public boolean isEmpty() {
        return facilities.isEmpty() && operations.isEmpty() && transfers == 0 && !statements;
    }

    /** Both changes together, for notices published after several units were applied. */
    public Changes and(Changes other) {
        Set<String> f = new TreeSet<>(facilities);
        f.addAll(other.facilities);
        Set<String> o = new TreeSet<>(operations);
        o.addAll(other.operations);
        return new Changes(f, o, transfers + other.transfers, statements || other.statements);
    }
}
