package org.jdrand.dkg.ceremony;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a drand v2 DKG ceremony ({@code DKGEntry.state}), with their wire numbers and
 * the transitions drand allows (internal/dkg/state_machine.go; dkg.md §8).
 */
public enum DkgState {
    FRESH(0), PROPOSED(1), PROPOSING(2), ACCEPTED(3), REJECTED(4), ABORTED(5), EXECUTING(6), COMPLETE(7),
    TIMED_OUT(8), JOINED(9), LEFT(10), FAILED(11);

    private final int number;

    DkgState(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** @throws IllegalArgumentException for a number drand does not define */
    public static DkgState fromNumber(int number) {
        for (DkgState s : values()) {
            if (s.number == number) {
                return s;
            }
        }
        throw new IllegalArgumentException("dkg state: unknown number " + number + " (expected 0..11)");
    }

    /** drand's name of the state: Fresh, Proposed, ..., TimedOut (the CLI's and the state file's). */
    public String drandName() {
        return this == TIMED_OUT ? "TimedOut" : name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    /** Nothing in progress: a new proposal may start (also after a ceremony ended without a group). */
    public boolean isIdle() {
        return this == FRESH || this == COMPLETE || this == LEFT || isTerminal();
    }

    /** Aborted, TimedOut and Failed end a ceremony without a new group. */
    public boolean isTerminal() {
        return this == ABORTED || this == TIMED_OUT || this == FAILED;
    }

    public Set<DkgState> allowedNext() {
        return switch (this) {
            case FRESH -> EnumSet.of(PROPOSING, PROPOSED);
            case PROPOSING -> EnumSet.of(EXECUTING, ABORTED, TIMED_OUT);
            case PROPOSED -> EnumSet.of(ACCEPTED, REJECTED, JOINED, LEFT, ABORTED, TIMED_OUT);
            case ACCEPTED -> EnumSet.of(EXECUTING, ABORTED, TIMED_OUT);
            case REJECTED -> EnumSet.of(ABORTED, TIMED_OUT);
            case JOINED -> EnumSet.of(LEFT, EXECUTING, ABORTED, TIMED_OUT);
            case EXECUTING -> EnumSet.of(COMPLETE, TIMED_OUT, FAILED);
            case COMPLETE -> EnumSet.of(PROPOSING, PROPOSED);
            case LEFT -> EnumSet.of(JOINED, ABORTED, PROPOSED);
            case ABORTED -> EnumSet.of(PROPOSING, PROPOSED);
            case TIMED_OUT -> EnumSet.of(PROPOSING, PROPOSED, ABORTED);
            case FAILED -> EnumSet.of(PROPOSING, PROPOSED, LEFT, ABORTED);
        };
    }

    public boolean canMoveTo(DkgState next) {
        return allowedNext().contains(next);
    }

    /** @throws CeremonyException (INVALID_TRANSITION) when {@code next} is not allowed from here */
    public void checkMoveTo(DkgState next) {
        if (!canMoveTo(next)) {
            throw new CeremonyException(CeremonyException.Reason.INVALID_TRANSITION,
                    "dkg state: " + this + " -> " + next + " not allowed (allowed: " + allowedNext() + ")");
        }
    }
}
