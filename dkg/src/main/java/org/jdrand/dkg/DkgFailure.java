package org.jdrand.dkg;

import java.util.Map;
import java.util.Objects;

/**
 * A DKG that cannot produce a share for this node, with the nodes that were evicted and why.
 *
 * @param kind           what went wrong
 * @param message        "what failed: observed (expected)"
 * @param excluded       dealers whose deals were not used, with why
 * @param evictedHolders share holders evicted, with why
 */
public record DkgFailure(Kind kind, String message, Map<Integer, String> excluded, Map<Integer, String> evictedHolders)
        implements DkgOutcome {

    public enum Kind {
        /** Fewer valid dealers than the threshold (old threshold when resharing). */
        NOT_ENOUGH_DEALERS,
        /** Fewer qualified new nodes than the new threshold. */
        NOT_ENOUGH_QUALIFIED,
        /** The other nodes evicted this node as a dealer. */
        SELF_EVICTED,
        /** The recovered share does not match the recovered public polynomial. */
        INCONSISTENT_RESULT
    }

    public DkgFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        excluded = Map.copyOf(excluded);
        evictedHolders = Map.copyOf(evictedHolders);
    }
}
