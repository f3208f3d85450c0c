package org.custodyledger.projection;

import java.util.Set;
import java.util.TreeSet;

/** What one unit of work changed: the facilities, operations and transfers it touched, and whether statements came in. */
public record Changes(Set<String> facilities, Set<String> operations, Set<String> transfers, boolean statements) {
    public Changes {
        facilities = new TreeSet<>(facilities);
        operations = new TreeSet<>(operations);
        transfers = new TreeSet<>(transfers);
    }


    public boolean isEmpty() {
        return facilities.isEmpty() && operations.isEmpty() && transfers.isEmpty() && !statements;
    }
}
