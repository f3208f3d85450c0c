package org.custodyledger.ingest;

/** Ends a request with a problem document. */
public class ProblemException extends Exception {
    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
