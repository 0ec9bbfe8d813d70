package org.jdrand.crypto.backend.blst;

import org.jdrand.crypto.DeferredHash;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;
import supranational.blst.P2_Affine;

/**
 * A message hashed to E2 by {@link MapToG2} before cofactor clearing: Q, with H(m) = h_eff·Q.
 * Not a {@link Point} (Q is not in G2): it only enters a batch sum, or is completed by
 * {@link #point()}. The 36 limbs are never exposed, so the value stays immutable.
 */
final class UnclearedG2 implements DeferredHash {
    private final MapToG2 map;
    private final long[] q;

    UnclearedG2(MapToG2 map, long[] q) {
        this.map = map;
        this.q = q;
    }

    MapToG2 map() {
        return map;
    }

    /** The blst_p2 limbs; callers only read them. */
    long[] limbs() {
        return q;
    }

    @Override
    public Group group() {
        return Group.G2;
    }

    @Override
    public Point point() {
        return BlstPoint.ofG2(new P2_Affine(map.clear(q)).to_jacobian());
    }

    @Override
    public String toString() {
        return "G2[uncleared hash]";
    }
}
