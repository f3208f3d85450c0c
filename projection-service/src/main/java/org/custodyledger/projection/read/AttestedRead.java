package org.custodyledger.projection.read;

import jakarta.enterprise.context.RequestScoped;
import java.util.List;
import org.custodyledger.projection.query.LogTrees;

/** A read that asked for attest=true, and the log's trees read in the same snapshot as its answer. */
@RequestScoped
public class AttestedRead {
    private boolean wanted;
    private List<LogTrees.PartitionTree> trees;

    void want() {
        wanted = true;
    }

    boolean wanted() {
        return wanted;
    }

    void trees(List<LogTrees.PartitionTree> snapshot) {
        trees = snapshot;
    }

    /** Null until the answer was computed from the database. */
    List<LogTrees.PartitionTree> trees() {
        return trees;
    }
}
