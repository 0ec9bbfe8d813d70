package org.jdrand.crypto.backend.bn254;

/** Fp6 = Fp2[v]/(v³ - ξ): c0 + c1·v + c2·v². Immutable. */
final class Fp6 {
    static final Fp6 ZERO = new Fp6(Fp2.ZERO, Fp2.ZERO, Fp2.ZERO);
    static final Fp6 ONE = new Fp6(Fp2.ONE, Fp2.ZERO, Fp2.ZERO);

    final Fp2 c0;
    final Fp2 c1;
    final Fp2 c2;

    Fp6(Fp2 c0, Fp2 c1, Fp2 c2) {
        this.c0 = c0;
        this.c1 = c1;
        this.c2 = c2;
    }

    Fp6 add(Fp6 b) {
        return new Fp6(c0.add(b.c0), c1.add(b.c1), c2.add(b.c2));
    }

    Fp6 sub(Fp6 b) {
        return new Fp6(c0.sub(b.c0), c1.sub(b.c1), c2.sub(b.c2));
    }

    Fp6 neg() {
        return new Fp6(c0.neg(), c1.neg(), c2.neg());
    }

    Fp6 mul(Fp6 b) {
        Fp2 v0 = c0.mul(b.c0);
        Fp2 v1 = c1.mul(b.c1);
        Fp2 v2 = c2.mul(b.c2);
        Fp2 n0 = c1.add(c2).mul(b.c1.add(b.c2)).sub(v1).sub(v2).mulByXi().add(v0);
        Fp2 n1 = c0.add(c1).mul(b.c0.add(b.c1)).sub(v0).sub(v1).add(v2.mulByXi());
        Fp2 n2 = c0.add(c2).mul(b.c0.add(b.c2)).sub(v0).sub(v2).add(v1);
        return new Fp6(n0, n1, n2);
    }

    /** this·(b0 + b1·v), for sparse line values. */
    Fp6 mulBy01(Fp2 b0, Fp2 b1) {
        Fp2 v0 = c0.mul(b0);
        Fp2 v1 = c1.mul(b1);
        Fp2 n0 = c1.add(c2).mul(b1).sub(v1).mulByXi().add(v0);
        Fp2 n1 = c0.add(c1).mul(b0.add(b1)).sub(v0).sub(v1);
        Fp2 n2 = c0.add(c2).mul(b0).sub(v0).add(v1);
        return new Fp6(n0, n1, n2);
    }

    Fp6 mul(Fp2 b) {
        return new Fp6(c0.mul(b), c1.mul(b), c2.mul(b));
    }

    Fp6 sqr() {
        // CH-SQR2 (Chung-Hasan)
        Fp2 s0 = c0.sqr();
        Fp2 s1 = c0.mul(c1).dbl();
        Fp2 s2 = c0.sub(c1).add(c2).sqr();
        Fp2 s3 = c1.mul(c2).dbl();
        Fp2 s4 = c2.sqr();
        return new Fp6(s3.mulByXi().add(s0), s4.mulByXi().add(s1), s1.add(s2).add(s3).sub(s0).sub(s4));
    }

    /** this·v = ξc2 + c0·v + c1·v². */
    Fp6 mulByV() {
        return new Fp6(c2.mulByXi(), c0, c1);
    }

    Fp6 inverse() {
        return inverse(false);
    }

    Fp6 inverse(boolean varTime) {
        Fp2 t0 = c0.sqr().sub(c1.mul(c2).mulByXi());
        Fp2 t1 = c2.sqr().mulByXi().sub(c0.mul(c1));
        Fp2 t2 = c1.sqr().sub(c0.mul(c2));
        Fp2 f = c0.mul(t0).add(c2.mul(t1).mulByXi()).add(c1.mul(t2).mulByXi()).inverse(varTime);
        return new Fp6(t0.mul(f), t1.mul(f), t2.mul(f));
    }

    boolean isZero() {
        return c0.isZero() && c1.isZero() && c2.isZero();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fp6 && c0.equals(((Fp6) o).c0) && c1.equals(((Fp6) o).c1) && c2.equals(((Fp6) o).c2);
    }

    @Override
    public int hashCode() {
        return (c0.hashCode() * 31 + c1.hashCode()) * 31 + c2.hashCode();
    }
}
