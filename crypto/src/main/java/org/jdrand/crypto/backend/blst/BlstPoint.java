package org.jdrand.crypto.backend.blst;

import java.util.Arrays;
import java.util.Objects;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import supranational.blst.P1;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

/**
 * A point of G1 or G2 held as a blst Jacobian point. blst's {@code add}/{@code mult}/{@code neg}
 * mutate the receiver, so every operation here works on a {@code dup()} and the wrapped point
 * never changes after construction. The compressed encoding is computed once, on demand.
 */
final class BlstPoint implements Point {
    private final Group group;
    private final P1 p1;
    private final P2 p2;
    /** The affine form when it is known for free (decoded points); used for cheaper mixed additions. */
    private final P1_Affine a1;
    private final P2_Affine a2;
    private volatile byte[] compressed;

    private BlstPoint(Group group, P1 p1, P2 p2, byte[] compressed) {
        this(group, p1, p2, null, null, compressed);
    }

    private BlstPoint(Group group, P1 p1, P2 p2, P1_Affine a1, P2_Affine a2, byte[] compressed) {
        this.group = group;
        this.p1 = p1;
        this.p2 = p2;
        this.a1 = a1;
        this.a2 = a2;
        this.compressed = compressed;
    }

    /** Takes ownership of {@code p}: the caller must not touch it afterwards. */
    static BlstPoint ofG1(P1 p) {
        return new BlstPoint(Group.G1, Objects.requireNonNull(p), null, null);
    }

    /** Takes ownership of {@code p}: the caller must not touch it afterwards. */
    static BlstPoint ofG2(P2 p) {
        return new BlstPoint(Group.G2, null, Objects.requireNonNull(p), null);
    }

    /** A decoded point: takes ownership of {@code a}. */
    static BlstPoint decodedG1(P1_Affine a, byte[] compressed) {
        return new BlstPoint(Group.G1, a.to_jacobian(), null, a, null, compressed.clone());
    }

    /** A decoded point: takes ownership of {@code a}. */
    static BlstPoint decodedG2(P2_Affine a, byte[] compressed) {
        return new BlstPoint(Group.G2, null, a.to_jacobian(), null, a, compressed.clone());
    }

    /** The affine form if known without an inversion, else null. Must not be mutated. */
    P1_Affine g1AffineIfKnown() {
        return a1;
    }

    /** The affine form if known without an inversion, else null. Must not be mutated. */
    P2_Affine g2AffineIfKnown() {
        return a2;
    }

    static BlstPoint cast(Point p) {
        if (p instanceof BlstPoint b) {
            return b;
        }
        throw new IllegalArgumentException("blst: point of another backend: " + (p == null ? "null" : p.getClass()));
    }

    /** The wrapped G1 point itself, for blst calls that only read it. Must not be mutated. */
    P1 g1Shared() {
        return p1;
    }

    /** The wrapped G2 point itself, for blst calls that only read it. Must not be mutated. */
    P2 g2Shared() {
        return p2;
    }

    /** A fresh copy of the G1 point, free to mutate. */
    P1 g1Copy() {
        return p1.dup();
    }

    /** A fresh copy of the G2 point, free to mutate. */
    P2 g2Copy() {
        return p2.dup();
    }

    P1_Affine g1Affine() {
        return a1 != null ? a1 : p1.to_affine();
    }

    P2_Affine g2Affine() {
        return a2 != null ? a2 : p2.to_affine();
    }

    @Override
    public Group group() {
        return group;
    }

    @Override
    public byte[] toBytes() {
        byte[] c = compressed;
        if (c == null) {
            c = group == Group.G1 ? p1.compress() : p2.compress();
            compressed = c;
        }
        return c.clone();
    }

    @Override
    public Point add(Point other) {
        BlstPoint o = cast(other);
        requireSameGroup(o);
        return group == Group.G1 ? ofG1(p1.dup().add(o.p1)) : ofG2(p2.dup().add(o.p2));
    }

    @Override
    public Point negate() {
        return group == Group.G1 ? ofG1(p1.dup().neg()) : ofG2(p2.dup().neg());
    }

    /** Fixed 255-bit multiplication (the scalar may be a secret). */
    @Override
    public Point multiply(Scalar scalar) {
        supranational.blst.Scalar s = new supranational.blst.Scalar().from_bendian(scalar.toBytes());
        return group == Group.G1 ? ofG1(p1.dup().mult(s)) : ofG2(p2.dup().mult(s));
    }

    @Override
    public boolean isInfinity() {
        return group == Group.G1 ? p1.is_inf() : p2.is_inf();
    }

    private void requireSameGroup(BlstPoint o) {
        if (o.group != group) {
            throw new IllegalArgumentException("blst: cannot combine a " + group + " and a " + o.group + " point");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlstPoint b && b.group == group && Arrays.equals(b.toBytes(), toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return group + "[" + Hex.shortHex(toBytes()) + "]";
    }
}
