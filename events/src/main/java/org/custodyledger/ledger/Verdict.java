package org.custodyledger.ledger;

import org.custodyledger.events.Claim;

/** Whether a claimed figure agrees with the ledger (SPEC "A claim's verdict"). */
public enum Verdict {
    CONSISTENT, INCONSISTENT, UNVERIFIABLE;

    /** Pure: the claimed figure under its qualifier against the ledger's value. */
    public static Verdict judge(Claim.Qualifier qualifier, long claimed, long ledger) {
        boolean holds = switch (qualifier) {
            case EXACT -> ledger == claimed;
            case ABOUT -> Math.abs(ledger - claimed) * 10 <= claimed; // within 10% of the claimed value
            case AT_LEAST -> ledger >= claimed;
            case MORE_THAN -> ledger > claimed;
            case AT_MOST, UP_TO -> ledger <= claimed;
        };
        return holds ? CONSISTENT : INCONSISTENT;
    }
}
