package org.jdrand.node.dkg;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * drand v2's ceremony states with their wire numbers (DKGEntry.state) and valid transitions
 * (dkg.md §8). Aborted, TimedOut and Failed are terminal.
 */
public enum DkgState {
    FRESH(0), PROPOSED(1), PROPOSING(2), ACCEPTED(3), REJECTED(4), ABORTED(5), EXECUTING(6), COMPLETE(7),
    TIMED_OUT(8), JOINED(9), LEFT(10), FAILED(11);

    private final int code;

    DkgState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static DkgState fromCode(int code) {
        for (DkgState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("dkg state: unknown code " + code + " (expected 0..11)");
    }

    private static final Map<DkgState, Set<DkgState>> NEXT = Map.ofEntries(
            Map.entry(FRESH, EnumSet.of(PROPOSING, PROPOSED)),
            Map.entry(PROPOSING, EnumSet.of(EXECUTING, ABORTED, TIMED_OUT)),
            Map.entry(PROPOSED, EnumSet.of(ACCEPTED, REJECTED, JOINED, LEFT, ABORTED, TIMED_OUT)),
            Map.entry(ACCEPTED, EnumSet.of(EXECUTING, ABORTED, TIMED_OUT)),
            Map.entry(REJECTED, EnumSet.of(ABORTED, TIMED_OUT)),
            Map.entry(JOINED, EnumSet.of(LEFT, EXECUTING, ABORTED, TIMED_OUT)),
            Map.entry(EXECUTING, EnumSet.of(COMPLETE, TIMED_OUT, FAILED)),
            Map.entry(COMPLETE, EnumSet.of(PROPOSING, PROPOSED)),
            Map.entry(LEFT, EnumSet.of(JOINED, ABORTED, PROPOSED)),
            Map.entry(ABORTED, EnumSet.of(PROPOSING, PROPOSED)),
            Map.entry(TIMED_OUT, EnumSet.of(PROPOSING, PROPOSED, ABORTED)),
            Map.entry(FAILED, EnumSet.of(PROPOSING, PROPOSED, LEFT, ABORTED)));

    public boolean canMoveTo(DkgState next) {
        return NEXT.get(this).contains(next);
    }

    /** Throws "dkg: cannot move from X to Y" when the transition is not in drand's table. */
    public void requireMoveTo(DkgState next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("dkg: cannot move from " + this + " to " + next + " (allowed: "
                    + NEXT.get(this) + ")");
        }
    }

    public boolean terminal() {
        return this == ABORTED || this == TIMED_OUT || this == FAILED;
    }

    /** Nothing in progress: a new proposal may start. */
    public boolean idle() {
        return this == FRESH || this == COMPLETE || terminal() || this == LEFT;
    }

    @Override
    public String toString() {
        return switch (this) {
            case TIMED_OUT -> "TimedOut";
            default -> name().charAt(0) + name().substring(1).toLowerCase();
        };
    }
}
