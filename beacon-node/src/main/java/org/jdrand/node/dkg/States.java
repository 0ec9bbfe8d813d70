package org.jdrand.node.dkg;

import org.jdrand.dkg.ceremony.DkgState;

/** How the node shows and uses the dkg module's {@link DkgState}s. */
public final class States {
    private States() {}

    /** drand's names: Fresh, Proposed, ..., TimedOut. */
    public static String name(DkgState s) {
        if (s == DkgState.TIMED_OUT) {
            return "TimedOut";
        }
        return s.name().charAt(0) + s.name().substring(1).toLowerCase();
    }

    /** Nothing in progress: a new proposal may start. */
    static boolean idle(DkgState s) {
        return s == DkgState.FRESH || s == DkgState.COMPLETE || s == DkgState.LEFT || s.isTerminal();
    }
}
