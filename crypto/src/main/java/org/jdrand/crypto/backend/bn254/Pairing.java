package org.jdrand.crypto.backend.bn254;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The optimal ate pairing of BN254: a Miller loop over 6x+2 (signed digits) with the two
 * Frobenius-twisted correction lines, then the final exponentiation (p¹² - 1)/r. Q runs in
 * homogeneous projective coordinates on the D-type twist so that no step inverts; the lines are
 * sparse (w⁰, w¹, w³) and are multiplied as such.
 */
final class Pairing {
    /** Signed binary digits of 6x+2, least significant first (non-adjacent form). */
    private static final int[] LOOP = naf(BigInteger.valueOf(Bn254Constants.X).multiply(BigInteger.valueOf(6))
            .add(BigInteger.TWO));
    private static final Fp TWO_INV = Fp.of(2).inverse();
    /** ξ^((p-1)/3) and ξ^((p-1)/2): the twisted Frobenius ψ(x, y) = (x̄·γx, ȳ·γy). */
    private static final Fp2 PSI_X = Fp2.XI.pow(Fp.P.subtract(BigInteger.ONE).divide(BigInteger.valueOf(3)));
    private static final Fp2 PSI_Y = Fp2.XI.pow(Fp.P.subtract(BigInteger.ONE).shiftRight(1));

    private Pairing() {}

    /** e(p, q); infinity on either side gives 1. */
    static Fp12 pair(G1 p, G2 q) {
        return finalExponentiation(millerLoop(List.of(p), List.of(q)));
    }

    /** True iff Π e(ps[i], qs[i]) = 1, with one shared Miller loop and final exponentiation. */
    static boolean productIsOne(List<G1> ps, List<G2> qs) {
        return finalExponentiation(millerLoop(ps, qs)).isOne();
    }

    static Fp12 millerLoop(List<G1> ps, List<G2> qs) {
        List<Lines> lines = new ArrayList<>(qs.size());
        for (G2 q : qs) {
            lines.add(q.isInfinity() ? null : Lines.of(q));
        }
        return millerLoopPrepared(ps, lines);
    }

    /**
     * The line functions of the Miller loop for one G2 point: they depend on Q alone, so a fixed
     * key (a chain's public key, the generator) is prepared once and only evaluated at each P.
     * Each line is {a, b, c}: ℓ(P) = a·y_P + b·x_P·w + c·w³.
     */
    static final class Lines {
        final Fp2[][] coeffs;

        private Lines(Fp2[][] coeffs) {
            this.coeffs = coeffs;
        }

        static Lines of(G2 q) {
            Fp2[] qa = q.toAffine();
            Fp2[] r = {qa[0], qa[1], Fp2.ONE};
            List<Fp2[]> out = new ArrayList<>();
            for (int bit = LOOP.length - 2; bit >= 0; bit--) {
                out.add(doubleStep(r));
                if (LOOP[bit] == 1) {
                    out.add(addStep(r, qa[0], qa[1]));
                } else if (LOOP[bit] == -1) {
                    out.add(addStep(r, qa[0], qa[1].neg()));
                }
            }
            Fp2 q1x = qa[0].conj().mul(PSI_X);
            Fp2 q1y = qa[1].conj().mul(PSI_Y);
            Fp2 q2x = q1x.conj().mul(PSI_X);
            Fp2 q2y = q1y.conj().mul(PSI_Y).neg();
            out.add(addStep(r, q1x, q1y));
            out.add(addStep(r, q2x, q2y));
            return new Lines(out.toArray(new Fp2[0][]));
        }
    }

    /**
     * The product of the Miller functions f_{6x+2,Q}(P) with the ψ-corrections; pairs with P at
     * infinity or null lines (Q at infinity) are skipped.
     */
    static Fp12 millerLoopPrepared(List<G1> ps, List<Lines> qs) {
        if (ps.size() != qs.size()) {
            throw new IllegalArgumentException("pairing: " + ps.size() + " G1 points, " + qs.size() + " G2 points");
        }
        List<Fp[]> pa = new ArrayList<>();
        List<Fp2[][]> la = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            if (!ps.get(i).isInfinity() && qs.get(i) != null) {
                pa.add(ps.get(i).toAffinePublic());
                la.add(qs.get(i).coeffs);
            }
        }
        int n = pa.size();
        Fp12 f = Fp12.ONE;
        int k = 0;
        for (int bit = LOOP.length - 2; bit >= 0; bit--) {
            if (bit != LOOP.length - 2) {
                f = f.sqr();
            }
            for (int i = 0; i < n; i++) {
                f = line(f, la.get(i)[k], pa.get(i));
            }
            k++;
            if (LOOP[bit] != 0) {
                for (int i = 0; i < n; i++) {
                    f = line(f, la.get(i)[k], pa.get(i));
                }
                k++;
            }
        }
        for (int j = 0; j < 2; j++, k++) {
            for (int i = 0; i < n; i++) {
                f = line(f, la.get(i)[k], pa.get(i));
            }
        }
        return f;
    }

    private static Fp12 line(Fp12 f, Fp2[] l, Fp[] p) {
        return f.mulBy034(l[0].mul(p[1]), l[1].mul(p[0]), l[2]);
    }

    /** R ← 2R in homogeneous coordinates; the tangent line's coefficients. */
    private static Fp2[] doubleStep(Fp2[] r) {
        Fp2 x = r[0];
        Fp2 y = r[1];
        Fp2 z = r[2];
        Fp2 a = x.mul(y).mul(TWO_INV);
        Fp2 b = y.sqr();
        Fp2 c = z.sqr();
        Fp2 e = c.dbl().add(c).mul(G2.B);
        Fp2 ff = e.dbl().add(e);
        Fp2 g = b.add(ff).mul(TWO_INV);
        Fp2 h = y.add(z).sqr().sub(b.add(c));
        Fp2 i = e.sub(b);
        Fp2 j = x.sqr();
        Fp2 e2 = e.sqr();
        r[0] = a.mul(b.sub(ff));
        r[1] = g.sqr().sub(e2.dbl().add(e2));
        r[2] = b.mul(h);
        return new Fp2[] {h.neg(), j.dbl().add(j), i};
    }

    /** R ← R + Q for affine Q; the chord's coefficients. */
    private static Fp2[] addStep(Fp2[] r, Fp2 qx, Fp2 qy) {
        Fp2 theta = r[1].sub(qy.mul(r[2]));
        Fp2 lambda = r[0].sub(qx.mul(r[2]));
        Fp2 c = theta.sqr();
        Fp2 d = lambda.sqr();
        Fp2 e = lambda.mul(d);
        Fp2 ff = r[2].mul(c);
        Fp2 g = r[0].mul(d);
        Fp2 h = e.add(ff).sub(g.dbl());
        Fp2 y = r[1];
        r[0] = lambda.mul(h);
        r[1] = theta.mul(g.sub(h)).sub(e.mul(y));
        r[2] = r[2].mul(e);
        Fp2 j = theta.mul(qx).sub(lambda.mul(qy));
        return new Fp2[] {lambda, theta.neg(), j};
    }

    /** f^((p¹² - 1)/r): the easy part (p⁶ - 1)(p² + 1), then the hard part through x (Devegili et al.). */
    static Fp12 finalExponentiation(Fp12 in) {
        Fp12 t = in.conj().mul(in.inverse(true)); // pairings here only verify: their inputs are public
        t = t.frobenius(2).mul(t);
        Fp12 fp = t.frobenius(1);
        Fp12 fp2 = t.frobenius(2);
        Fp12 fp3 = fp2.frobenius(1);
        Fp12 fu = t.cyclotomicPow(Bn254Constants.X);
        Fp12 fu2 = fu.cyclotomicPow(Bn254Constants.X);
        Fp12 fu3 = fu2.cyclotomicPow(Bn254Constants.X);
        Fp12 y3 = fu.frobenius(1).conj();
        Fp12 fu2p = fu2.frobenius(1);
        Fp12 fu3p = fu3.frobenius(1);
        Fp12 y2 = fu2.frobenius(2);
        Fp12 y0 = fp.mul(fp2).mul(fp3);
        Fp12 y1 = t.conj();
        Fp12 y5 = fu2.conj();
        Fp12 y4 = fu.mul(fu2p).conj();
        Fp12 y6 = fu3.mul(fu3p).conj();
        Fp12 t0 = y6.sqr().mul(y4).mul(y5);
        Fp12 t1 = y3.mul(y5).mul(t0);
        t0 = t0.mul(y2);
        t1 = t1.sqr().mul(t0).sqr();
        t0 = t1.mul(y1);
        t1 = t1.mul(y0);
        t0 = t0.sqr().mul(t1);
        return t0;
    }

    private static int[] naf(BigInteger k) {
        List<Integer> digits = new ArrayList<>();
        while (k.signum() > 0) {
            int d = 0;
            if (k.testBit(0)) {
                d = 2 - k.mod(BigInteger.valueOf(4)).intValue();
                k = k.subtract(BigInteger.valueOf(d));
            }
            digits.add(d);
            k = k.shiftRight(1);
        }
        return digits.stream().mapToInt(Integer::intValue).toArray();
    }
}
