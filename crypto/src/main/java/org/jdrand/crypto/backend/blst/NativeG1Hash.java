package org.jdrand.crypto.backend.blst;

import org.jdrand.crypto.DeferredHash;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;
import supranational.blst.P1_Affine;

/**
 * H(m) in G1, complete, computed by {@link NativeG1} and held as blst_p1 limbs in Java memory, so
 * that a batch sum feeds it to blst's Pippenger without a jblst object or an inversion per hash.
 * The limbs are never exposed, so the value stays immutable.
 */
final class NativeG1Hash implements DeferredHash {
    private final NativeG1 g1;
    private final long[] p;

    NativeG1Hash(NativeG1 g1, long[] p) {
        this.g1 = g1;
        this.p = p;
    }

    NativeG1 g1() {
        return g1;
    }

    /** The blst_p1 limbs; callers only read them. */
    long[] limbs() {
        return p;
    }

    @Override
    public Group group() {
        return Group.G1;
    }

    @Override
    public Point point() {
        return BlstPoint.ofG1(new P1_Affine(g1.serialize(p)).to_jacobian());
    }

    @Override
    public String toString() {
        return "G1[native hash]";
    }
}
