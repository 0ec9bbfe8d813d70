package org.jdrand.crypto.backend.bn254;

import java.util.Arrays;
import java.util.Objects;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;

/**
 * A point of BN254's G1 or G2 made by {@link Bn254Backend}; {@link #toBytes()} is drand's
 * uncompressed encoding (64 or 128 bytes). Exactly one of g1, g2 is set.
 */
final class Bn254Point implements Point {
    final G1 g1;
    final G2 g2;
    /** G2 only: the Miller loop's lines, prepared on first use (keys are paired again and again). */
    private volatile Pairing.Lines lines;

    Bn254Point(G1 g1) {
        this.g1 = Objects.requireNonNull(g1);
        this.g2 = null;
    }

    Bn254Point(G2 g2) {
        this.g1 = null;
        this.g2 = Objects.requireNonNull(g2);
    }

    @Override
    public Group group() {
        return g1 != null ? Group.G1 : Group.G2;
    }

    @Override
    public byte[] toBytes() {
        return g1 != null ? Bn254Encoding.encode(g1) : Bn254Encoding.encode(g2);
    }

    @Override
    public Point add(Point other) {
        Bn254Point o = same(other);
        return g1 != null ? new Bn254Point(g1.add(o.g1)) : new Bn254Point(g2.add(o.g2));
    }

    @Override
    public Point negate() {
        return g1 != null ? new Bn254Point(g1.neg()) : new Bn254Point(g2.neg());
    }

    /** Constant time in the scalar (it may be a secret share): see {@link SecretMul}. */
    @Override
    public Point multiply(Scalar scalar) {
        byte[] k = scalar.toBytes();
        try {
            return g1 != null ? new Bn254Point(g1.mulSecret(k)) : new Bn254Point(g2.mulSecret(k));
        } finally {
            java.util.Arrays.fill(k, (byte) 0);
        }
    }

    /** Variable time, for public scalars such as batch-verification weights. */
    Bn254Point multiplyPublic(java.math.BigInteger k) {
        return g1 != null ? new Bn254Point(g1.mulPublic(k)) : new Bn254Point(g2.mulPublic(k));
    }

    /** The prepared lines of this G2 point, null at infinity. */
    Pairing.Lines lines() {
        if (g2.isInfinity()) {
            return null;
        }
        Pairing.Lines l = lines;
        if (l == null) {
            l = Pairing.Lines.of(g2);
            lines = l;
        }
        return l;
    }

    @Override
    public boolean isInfinity() {
        return g1 != null ? g1.isInfinity() : g2.isInfinity();
    }

    private Bn254Point same(Point other) {
        if (!(other instanceof Bn254Point o) || o.group() != group()) {
            throw new IllegalArgumentException("bn254: cannot combine a " + group() + " point with " + other);
        }
        return o;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Bn254Point p) || p.group() != group()) {
            return false;
        }
        return g1 != null ? g1.sameAs(p.g1) : g2.sameAs(p.g2);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "bn254 " + group() + " " + org.jdrand.crypto.Hex.shortHex(toBytes());
    }
}
