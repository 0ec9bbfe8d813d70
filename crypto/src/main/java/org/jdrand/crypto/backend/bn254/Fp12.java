package org.jdrand.crypto.backend.bn254;

import java.math.BigInteger;

/**
 * Fp12 = Fp6[w]/(w² - v): c0 + c1·w, the target group GT's field. Immutable. As a polynomial in
 * w over Fp2 its coefficients of w⁰..w⁵ are c0.c0, c1.c0, c0.c1, c1.c1, c0.c2, c1.c2, which is
 * how the Frobenius maps are applied.
 */
final class Fp12 {
    static final Fp12 ONE = new Fp12(Fp6.ONE, Fp6.ZERO);

    /** FROB[n-1][k] = ξ^(k·(p^n - 1)/6): w^(k·p^n) = FROB[n-1][k]·w^k. */
    private static final Fp2[][] FROB = new Fp2[3][6];

    static {
        BigInteger pn = BigInteger.ONE;
        for (int n = 1; n <= 3; n++) {
            pn = pn.multiply(Fp.P);
            BigInteger e = pn.subtract(BigInteger.ONE).divide(BigInteger.valueOf(6));
            for (int k = 0; k < 6; k++) {
                FROB[n - 1][k] = Fp2.XI.pow(e.multiply(BigInteger.valueOf(k)));
            }
        }
    }

    final Fp6 c0;
    final Fp6 c1;

    Fp12(Fp6 c0, Fp6 c1) {
        this.c0 = c0;
        this.c1 = c1;
    }

    Fp12 mul(Fp12 b) {
        Fp6 v0 = c0.mul(b.c0);
        Fp6 v1 = c1.mul(b.c1);
        Fp6 m = c0.add(c1).mul(b.c0.add(b.c1));
        return new Fp12(v0.add(v1.mulByV()), m.sub(v0).sub(v1));
    }

    /** this·(a + b·w + c·w³), the shape of a line through points of the D-type twist. */
    Fp12 mulBy034(Fp2 a, Fp2 b, Fp2 c) {
        Fp6 v0 = c0.mul(a);
        Fp6 v1 = c1.mulBy01(b, c);
        Fp6 m = c0.add(c1).mulBy01(a.add(b), c);
        return new Fp12(v0.add(v1.mulByV()), m.sub(v0).sub(v1));
    }

    Fp12 sqr() {
        Fp6 ab = c0.mul(c1);
        Fp6 m = c0.add(c1).mul(c0.add(c1.mulByV()));
        return new Fp12(m.sub(ab).sub(ab.mulByV()), ab.add(ab));
    }

    /**
     * Squaring of an element of the cyclotomic subgroup (any f^((p⁶-1)(p²+1))), Granger and
     * Scott's formula: three Fp4 squarings instead of a full Fp12 squaring.
     */
    Fp12 cyclotomicSqr() {
        Fp2 r0 = c0.c0;
        Fp2 r4 = c0.c1;
        Fp2 r3 = c0.c2;
        Fp2 r2 = c1.c0;
        Fp2 r1 = c1.c1;
        Fp2 r5 = c1.c2;
        Fp2 tmp = r0.mul(r1);
        Fp2 t0 = r0.add(r1).mul(r1.mulByXi().add(r0)).sub(tmp).sub(tmp.mulByXi());
        Fp2 t1 = tmp.dbl();
        tmp = r2.mul(r3);
        Fp2 t2 = r2.add(r3).mul(r3.mulByXi().add(r2)).sub(tmp).sub(tmp.mulByXi());
        Fp2 t3 = tmp.dbl();
        tmp = r4.mul(r5);
        Fp2 t4 = r4.add(r5).mul(r5.mulByXi().add(r4)).sub(tmp).sub(tmp.mulByXi());
        Fp2 t5 = tmp.dbl();
        Fp2 z0 = t0.sub(r0).dbl().add(t0);
        Fp2 z1 = t1.add(r1).dbl().add(t1);
        Fp2 t5xi = t5.mulByXi();
        Fp2 z2 = r2.add(t5xi).dbl().add(t5xi);
        Fp2 z3 = t4.sub(r3).dbl().add(t4);
        Fp2 z4 = t2.sub(r4).dbl().add(t2);
        Fp2 z5 = r5.add(t3).dbl().add(t3);
        return new Fp12(new Fp6(z0, z4, z3), new Fp6(z2, z1, z5));
    }

    /**
     * this^e for a cyclotomic-subgroup element and a public e >= 0, over e's non-adjacent form
     * (inverses are conjugates there, so negative digits cost no more than positive ones).
     */
    Fp12 cyclotomicPow(long e) {
        int[] naf = naf(e);
        Fp12 inv = conj();
        Fp12 r = ONE;
        for (int i = naf.length - 1; i >= 0; i--) {
            r = r.cyclotomicSqr();
            if (naf[i] == 1) {
                r = r.mul(this);
            } else if (naf[i] == -1) {
                r = r.mul(inv);
            }
        }
        return r;
    }

    private static int[] naf(long e) {
        BigInteger k = BigInteger.valueOf(e);
        int[] digits = new int[k.bitLength() + 1];
        int n = 0;
        while (k.signum() > 0) {
            int d = 0;
            if (k.testBit(0)) {
                d = 2 - k.mod(BigInteger.valueOf(4)).intValue();
                k = k.subtract(BigInteger.valueOf(d));
            }
            digits[n++] = d;
            k = k.shiftRight(1);
        }
        return java.util.Arrays.copyOf(digits, n);
    }

    /** this^(p⁶): the inverse for elements of the cyclotomic subgroup. */
    Fp12 conj() {
        return new Fp12(c0, c1.neg());
    }

    Fp12 inverse() {
        return inverse(false);
    }

    /** @param varTime true for public values only, such as a Miller-loop value in verification */
    Fp12 inverse(boolean varTime) {
        Fp6 t = c0.sqr().sub(c1.sqr().mulByV()).inverse(varTime);
        return new Fp12(c0.mul(t), c1.mul(t).neg());
    }

    /** this^(p^n) for n in 1..3. */
    Fp12 frobenius(int n) {
        Fp2[] g = FROB[n - 1];
        boolean odd = (n & 1) == 1;
        Fp2 w0 = conj(c0.c0, odd);
        Fp2 w1 = conj(c1.c0, odd).mul(g[1]);
        Fp2 w2 = conj(c0.c1, odd).mul(g[2]);
        Fp2 w3 = conj(c1.c1, odd).mul(g[3]);
        Fp2 w4 = conj(c0.c2, odd).mul(g[4]);
        Fp2 w5 = conj(c1.c2, odd).mul(g[5]);
        return new Fp12(new Fp6(w0, w2, w4), new Fp6(w1, w3, w5));
    }

    private static Fp2 conj(Fp2 a, boolean odd) {
        return odd ? a.conj() : a;
    }

    /** this^e for a public non-negative exponent. */
    Fp12 pow(BigInteger e) {
        Fp12 r = ONE;
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            r = r.sqr();
            if (e.testBit(i)) {
                r = r.mul(this);
            }
        }
        return r;
    }

    boolean isOne() {
        return equals(ONE);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fp12 && c0.equals(((Fp12) o).c0) && c1.equals(((Fp12) o).c1);
    }

    @Override
    public int hashCode() {
        return c0.hashCode() * 31 + c1.hashCode();
    }
}
