package org.jdrand.crypto.backend.bn254;

import java.math.BigInteger;
import java.security.MessageDigest;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;

/**
 * An element of BN254's GT, the value timelock encryption on evmnet hashes (drand/tlock's
 * TimeLock for bls-bn254-unchained-on-g1, kyber {@code ibe}'s gtToHash). Immutable.
 *
 * <p>{@link #toBytes()} is kyber {@code pairing/bn254} {@code pointGT.MarshalBinary}: twelve Fp
 * coefficients of 32 bytes big-endian, highest first. kyber writes GF(p¹²) as xω + y,
 * GF(p⁶) as xτ² + yτ + z and GF(p²) as xi + y, the same tower as {@link Fp12} (ω = w, τ = v,
 * i = u), so the order is c1.c2.c1, c1.c2.c0, c1.c1.c1, c1.c1.c0, c1.c0.c1, c1.c0.c0, then the
 * same six of c0.
 */
public final class Bn254Gt {
    /** Bytes of {@link #toBytes()}. */
    public static final int BYTES = 12 * Fp.BYTES;

    private final Fp12 value;

    private Bn254Gt(Fp12 value) {
        this.value = value;
    }

    /**
     * e(g1, g2), the optimal ate pairing, for points of {@link Bn254Backend}.
     *
     * @throws IllegalArgumentException when the points are not a bn254 G1 and a bn254 G2 point
     */
    public static Bn254Gt pair(Point g1, Point g2) {
        if (!(g1 instanceof Bn254Point p) || p.group() != Group.G1 || !(g2 instanceof Bn254Point q) || q.group() != Group.G2) {
            throw new IllegalArgumentException("bn254 pairing: expected a bn254 G1 and a bn254 G2 point, got " + g1 + " and " + g2);
        }
        if (p.isInfinity() || q.isInfinity()) {
            return new Bn254Gt(Fp12.ONE);
        }
        return new Bn254Gt(Pairing.finalExponentiation(Pairing.millerLoopPrepared(java.util.List.of(p.g1),
                java.util.List.of(q.lines()))));
    }

    /**
     * this^k for a secret exponent k in [0, r): the same 256 cyclotomic squarings and 256
     * multiplications whatever k is, each product kept or dropped by a branch-free select.
     * Elements made by {@link #pair} lie in the cyclotomic subgroup, where the cheaper squaring holds.
     */
    public Bn254Gt pow(BigInteger k) {
        if (k.signum() < 0 || k.compareTo(Bn254Constants.R) >= 0) {
            throw new IllegalArgumentException("bn254 gt: exponent not in [0, r)");
        }
        Fp12 acc = Fp12.ONE;
        for (int i = 255; i >= 0; i--) {
            acc = acc.cyclotomicSqr();
            Fp12 prod = acc.mul(value);
            acc = select(k.testBit(i), acc, prod);
        }
        return new Bn254Gt(acc);
    }

    /** bit ? b : a, coefficient-wise through {@link Fp2#select}. */
    private static Fp12 select(boolean bit, Fp12 a, Fp12 b) {
        return new Fp12(select(bit, a.c0, b.c0), select(bit, a.c1, b.c1));
    }

    private static Fp6 select(boolean bit, Fp6 a, Fp6 b) {
        return new Fp6(Fp2.select(bit, a.c0, b.c0), Fp2.select(bit, a.c1, b.c1), Fp2.select(bit, a.c2, b.c2));
    }

    public boolean isOne() {
        return value.isOne();
    }

    /** kyber's 384-byte encoding, highest coefficient first (a fresh array). */
    public byte[] toBytes() {
        byte[] out = new byte[BYTES];
        Fp6[] halves = {value.c1, value.c0};
        int off = 0;
        for (Fp6 h : halves) {
            for (Fp2 c : new Fp2[] {h.c2, h.c1, h.c0}) {
                c.c1.toBytes(out, off);
                c.c0.toBytes(out, off + Fp.BYTES);
                off += 2 * Fp.BYTES;
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bn254Gt g && MessageDigest.isEqual(g.toBytes(), toBytes());
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Short: a GT value may be a session secret (timelock's e(Q, P)^r), so only 8 hex characters. */
    @Override
    public String toString() {
        return "bn254 GT[" + Hex.shortHex(toBytes()) + "]";
    }
}
