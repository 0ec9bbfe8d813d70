package org.jdrand.crypto.backend.bc;

import java.util.Arrays;
import org.bouncycastle.crypto.bls.BLS12_381G1;
import org.bouncycastle.crypto.bls.BLS12_381G2Point;
import org.bouncycastle.crypto.bls.BLS12_381Serialization;
import org.bouncycastle.math.ec.ECPoint;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;

/** A point of G1 (a Bouncy Castle {@link ECPoint}) or G2 ({@link BLS12_381G2Point}); both immutable. */
final class BcPoint implements Point {
    private final ECPoint g1;
    private final BLS12_381G2Point g2;
    private volatile byte[] compressed;

    private BcPoint(ECPoint g1, BLS12_381G2Point g2) {
        this.g1 = g1;
        this.g2 = g2;
    }

    static BcPoint ofG1(ECPoint p) {
        return new BcPoint(p, null);
    }

    static BcPoint ofG2(BLS12_381G2Point p) {
        return new BcPoint(null, p);
    }

    static BcPoint cast(Point p) {
        if (p instanceof BcPoint b) {
            return b;
        }
        throw new IllegalArgumentException("bouncycastle: point of another backend: " + (p == null ? "null" : p.getClass()));
    }

    ECPoint g1() {
        return g1;
    }

    BLS12_381G2Point g2() {
        return g2;
    }

    @Override
    public Group group() {
        return g1 != null ? Group.G1 : Group.G2;
    }

    @Override
    public byte[] toBytes() {
        byte[] c = compressed;
        if (c == null) {
            c = g1 != null ? BLS12_381Serialization.compressG1(g1) : BLS12_381Serialization.compressG2(g2);
            compressed = c;
        }
        return c.clone();
    }

    @Override
    public Point add(Point other) {
        BcPoint o = cast(other);
        if (o.group() != group()) {
            throw new IllegalArgumentException("bouncycastle: cannot combine a " + group() + " and a " + o.group() + " point");
        }
        return g1 != null ? ofG1(g1.add(o.g1).normalize()) : ofG2(g2.add(o.g2));
    }

    @Override
    public Point negate() {
        return g1 != null ? ofG1(g1.negate()) : ofG2(g2.negate());
    }

    /** Constant-time multiplication (the scalar may be a secret). */
    @Override
    public Point multiply(Scalar scalar) {
        return g1 != null
                ? ofG1(BLS12_381G1.constantTimeMultiply(g1, scalar.toBigInteger()).normalize())
                : ofG2(g2.constantTimeMultiply(scalar.toBigInteger()));
    }

    /** Variable-time multiplication for public scalars. */
    BcPoint multiplyPublic(java.math.BigInteger k) {
        return g1 != null ? ofG1(g1.multiply(k).normalize()) : ofG2(g2.multiply(k));
    }

    @Override
    public boolean isInfinity() {
        return g1 != null ? g1.isInfinity() : g2.isInfinity();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BcPoint b && b.group() == group() && Arrays.equals(b.toBytes(), toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return group() + "[" + Hex.shortHex(toBytes()) + "]";
    }
}
