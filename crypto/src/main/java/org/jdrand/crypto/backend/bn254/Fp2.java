package org.jdrand.crypto.backend.bn254;

import java.math.BigInteger;

/** Fp2 = Fp[u]/(u² + 1): c0 + c1·u. Immutable. */
final class Fp2 {
    static final Fp2 ZERO = new Fp2(Fp.ZERO, Fp.ZERO);
    static final Fp2 ONE = new Fp2(Fp.ONE, Fp.ZERO);
    /** ξ = 9 + u, the non-residue the sextic extension is built on. */
    static final Fp2 XI = new Fp2(Fp.of(9), Fp.ONE);

    final Fp c0;
    final Fp c1;

    Fp2(Fp c0, Fp c1) {
        this.c0 = c0;
        this.c1 = c1;
    }

    static Fp2 of(BigInteger c0, BigInteger c1) {
        return new Fp2(Fp.of(c0), Fp.of(c1));
    }

    Fp2 add(Fp2 b) {
        return new Fp2(c0.add(b.c0), c1.add(b.c1));
    }

    Fp2 sub(Fp2 b) {
        return new Fp2(c0.sub(b.c0), c1.sub(b.c1));
    }

    Fp2 dbl() {
        return new Fp2(c0.dbl(), c1.dbl());
    }

    Fp2 neg() {
        return new Fp2(c0.neg(), c1.neg());
    }

    Fp2 conj() {
        return new Fp2(c0, c1.neg());
    }

    Fp2 mul(Fp2 b) {
        Fp v0 = c0.mul(b.c0);
        Fp v1 = c1.mul(b.c1);
        Fp m = c0.add(c1).mul(b.c0.add(b.c1));
        return new Fp2(v0.sub(v1), m.sub(v0).sub(v1));
    }

    Fp2 mul(Fp b) {
        return new Fp2(c0.mul(b), c1.mul(b));
    }

    Fp2 sqr() {
        Fp t = c0.mul(c1);
        return new Fp2(c0.add(c1).mul(c0.sub(c1)), t.dbl());
    }

    /** this·ξ = (9c0 - c1) + (c0 + 9c1)u. */
    Fp2 mulByXi() {
        Fp n0 = c0.dbl().dbl().dbl().add(c0);
        Fp n1 = c1.dbl().dbl().dbl().add(c1);
        return new Fp2(n0.sub(c1), c0.add(n1));
    }

    Fp2 inverse() {
        return inverse(false);
    }

    /** @param varTime true for public values only (Euclid instead of Fermat for the Fp inversion) */
    Fp2 inverse(boolean varTime) {
        Fp norm = c0.sqr().add(c1.sqr());
        Fp n = varTime ? norm.inverseVarTime() : norm.inverse();
        return new Fp2(c0.mul(n), c1.mul(n).neg());
    }

    Fp2 pow(BigInteger e) {
        Fp2 r = ONE;
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            r = r.sqr();
            if (e.testBit(i)) {
                r = r.mul(this);
            }
        }
        return r;
    }

    boolean isZero() {
        return c0.isZero() && c1.isZero();
    }

    /** mask == -1 ? b : a for a mask of all ones or all zeros, without a branch. */
    static Fp2 select(long mask, Fp2 a, Fp2 b) {
        return new Fp2(Fp.select(mask, a.c0, b.c0), Fp.select(mask, a.c1, b.c1));
    }

    /** All ones when this is zero, else all zeros, without a branch. */
    long zeroMask() {
        return c0.zeroMask() & c1.zeroMask();
    }

    static Fp2 select(boolean cond, Fp2 a, Fp2 b) {
        return new Fp2(Fp.select(cond, a.c0, b.c0), Fp.select(cond, a.c1, b.c1));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fp2 && c0.equals(((Fp2) o).c0) && c1.equals(((Fp2) o).c1);
    }

    @Override
    public int hashCode() {
        return c0.hashCode() * 31 + c1.hashCode();
    }

    @Override
    public String toString() {
        return "(" + c0 + ", " + c1 + ")";
    }
}
