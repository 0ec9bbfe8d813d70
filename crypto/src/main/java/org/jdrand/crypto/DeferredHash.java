package org.jdrand.crypto;

import java.util.Objects;

/**
 * H(m), a message hashed to the curve, possibly held before its last step (cofactor clearing)
 * so that a batch can clear the cofactor once on Σ rᵢ·Qᵢ instead of once per message: see
 * {@link BlsBackend#hashToCurveDeferred} and {@link BlsBackend#sumOfHashes}. Immutable; only the
 * backend that made it can combine it cheaply.
 */
public interface DeferredHash {
    Group group();

    /** H(m) itself, a point of the group (clears the cofactor now if that was deferred). */
    Point point();

    /** A hash already complete. */
    static DeferredHash of(Point hash) {
        return new Complete(Objects.requireNonNull(hash, "hash"));
    }

    /** The default: nothing deferred. */
    record Complete(Point point) implements DeferredHash {
        @Override
        public Group group() {
            return point.group();
        }
    }
}
