package org.jdrand.crypto.backend.blst;

import org.jdrand.crypto.DeferredHash;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;

/**
 * A message hashed by a {@link DeferredMap} before cofactor clearing: Q, with H(m) = h_eff·Q.
 * Not a {@link Point} (Q is generally outside the group): it only enters a batch sum, or is
 * completed by {@link #point()}. The limbs are never exposed, so the value stays immutable.
 */
final class UnclearedHash implements DeferredHash {
    private final DeferredMap map;
    private final long[] q;

    UnclearedHash(DeferredMap map, long[] q) {
        this.map = map;
        this.q = q;
    }

    DeferredMap map() {
        return map;
    }

    /** The blst Jacobian limbs; callers only read them. */
    long[] limbs() {
        return q;
    }

    @Override
    public Group group() {
        return map.group();
    }

    @Override
    public Point point() {
        return map.clear(q);
    }

    @Override
    public String toString() {
        return group() + "[uncleared hash]";
    }
}
