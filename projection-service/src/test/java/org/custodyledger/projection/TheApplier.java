package org.custodyledger.projection;

import org.custodyledger.projection.write.ApplierLease;

/**
 * For tests that commit units themselves: only the instance holding the applier lease may, and
 * after a test that took the database away it takes the consumer a moment to hold it again.
 */
public final class TheApplier {
    private TheApplier() {
    }

    public static void await(ApplierLease lease) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!(lease.applier() && lease.held())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("this instance did not hold the applier lease within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
