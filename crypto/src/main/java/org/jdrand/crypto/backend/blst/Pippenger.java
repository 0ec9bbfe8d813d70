package org.jdrand.crypto.backend.blst;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.jdrand.crypto.Point;
import supranational.blst.P1;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

/**
 * Pippenger's bucket method over blst points, one implementation for G1 and G2 through
 * {@link Curve}. Digits are signed (−2^(c−1) .. 2^(c−1)), which halves the buckets: a negative
 * digit subtracts the point from its bucket. Variable time: public scalars only.
 */
final class Pippenger {
    private Pippenger() {}

    /** The operations of one group on blst's mutable Jacobian (J) and affine (A) points. */
    interface Curve<J, A> {
        J zero();

        /** The point's Jacobian form, only read by the method (blst's add leaves its argument alone). */
        J shared(BlstPoint p);

        /** The point's affine form when it is already known (decoded points), else null. */
        A affineIfKnown(BlstPoint p);

        J dup(J p);

        J toJacobian(A p);

        void dbl(J p);

        void add(J acc, J p);

        /** Mixed addition: cheaper than Jacobian + Jacobian. */
        void addAffine(J acc, A p);

        void neg(J p);
    }

    static final Curve<P1, P1_Affine> G1 = new Curve<>() {
        public P1 zero() { return new P1(); }
        public P1 shared(BlstPoint p) { return p.g1Shared(); }
        public P1_Affine affineIfKnown(BlstPoint p) { return p.g1AffineIfKnown(); }
        public P1 dup(P1 p) { return p.dup(); }
        public P1 toJacobian(P1_Affine p) { return p.to_jacobian(); }
        public void dbl(P1 p) { p.dbl(); }
        public void add(P1 acc, P1 p) { acc.add(p); }
        public void addAffine(P1 acc, P1_Affine p) { acc.add(p); }
        public void neg(P1 p) { p.neg(); }
    };

    static final Curve<P2, P2_Affine> G2 = new Curve<>() {
        public P2 zero() { return new P2(); }
        public P2 shared(BlstPoint p) { return p.g2Shared(); }
        public P2_Affine affineIfKnown(BlstPoint p) { return p.g2AffineIfKnown(); }
        public P2 dup(P2 p) { return p.dup(); }
        public P2 toJacobian(P2_Affine p) { return p.to_jacobian(); }
        public void dbl(P2 p) { p.dbl(); }
        public void add(P2 acc, P2 p) { acc.add(p); }
        public void addAffine(P2 acc, P2_Affine p) { acc.add(p); }
        public void neg(P2 p) { p.neg(); }
    };

    /** Σ scalars[i]·points[i] for non-negative scalars of at most {@code bits} bits. */
    @SuppressWarnings("unchecked")
    static <J, A> J msm(Curve<J, A> curve, List<Point> points, BigInteger[] scalars, int bits) {
        int n = points.size();
        Object[] base = new Object[n];
        Object[] affine = new Object[n];
        for (int i = 0; i < n; i++) {
            BlstPoint p = BlstPoint.cast(points.get(i));
            base[i] = curve.shared(p);
            affine[i] = curve.affineIfKnown(p);
        }
        int c = window(n, bits);
        int windows = windows(bits, c);
        int[] digits = signedDigits(scalars, bits, c);
        J result = curve.zero();
        Object[] buckets = new Object[(1 << (c - 1)) + 1];
        for (int w = windows - 1; w >= 0; w--) {
            for (int k = 0; k < c; k++) {
                curve.dbl(result);
            }
            Arrays.fill(buckets, null);
            int off = w * n;
            for (int i = 0; i < n; i++) {
                int d = digits[off + i];
                if (d == 0) {
                    continue;
                }
                int b = Math.abs(d);
                J bucket = (J) buckets[b];
                A a = (A) affine[i];
                if (bucket == null) {
                    bucket = a != null ? curve.toJacobian(a) : curve.dup((J) base[i]);
                    if (d < 0) {
                        curve.neg(bucket);
                    }
                    buckets[b] = bucket;
                    continue;
                }
                if (d < 0) {
                    curve.neg(bucket); // bucket − P = −(−bucket + P): two cheap negations, no negated copy of P
                }
                if (a != null) {
                    curve.addAffine(bucket, a);
                } else {
                    curve.add(bucket, (J) base[i]);
                }
                if (d < 0) {
                    curve.neg(bucket);
                }
            }
            J running = curve.zero();
            J sum = curve.zero();
            for (int b = buckets.length - 1; b >= 1; b--) {
                if (buckets[b] != null) {
                    curve.add(running, (J) buckets[b]);
                }
                curve.add(sum, running);
            }
            curve.add(result, sum);
        }
        return result;
    }

    /** The window c minimising the additions: ⌈(bits + 1)/c⌉ windows × (n bucket additions + 2·2^(c−1) summing additions). */
    static int window(int n, int bits) {
        int best = 2;
        long bestCost = Long.MAX_VALUE;
        for (int c = 2; c <= 16; c++) {
            long cost = (long) windows(bits, c) * (n + (2L << (c - 1)));
            if (cost < bestCost) {
                bestCost = cost;
                best = c;
            }
        }
        return best;
    }

    /** Windows needed for signed digits of {@code bits}-bit scalars (one more bit for the last carry). */
    static int windows(int bits, int c) {
        return (bits + c) / c;
    }

    /**
     * The signed c-bit digits of every scalar, window-major: {@code digits[w * n + i]} for scalar i
     * (Σ_w digit·2^(w·c) = scalar). Scalars must be non-negative and fit {@code bits}.
     */
    static int[] signedDigits(BigInteger[] scalars, int bits, int c) {
        int n = scalars.length;
        int windows = windows(bits, c);
        int[] digits = new int[windows * n];
        long[] limbs = new long[(bits + 63) / 64 + 1];
        for (int i = 0; i < n; i++) {
            toLimbs(scalars[i], limbs);
            int carry = 0;
            for (int w = 0; w < windows; w++) {
                int d = bits(limbs, w * c, c) + carry;
                if (d > (1 << (c - 1))) {
                    d -= 1 << c;
                    carry = 1;
                } else {
                    carry = 0;
                }
                digits[w * n + i] = d;
            }
        }
        return digits;
    }

    private static void toLimbs(BigInteger s, long[] limbs) {
        if (s.signum() < 0 || s.bitLength() > 64 * (limbs.length - 1)) {
            throw new IllegalArgumentException("msm: scalar out of range");
        }
        if (s.bitLength() < 64) {
            java.util.Arrays.fill(limbs, 0);
            limbs[0] = s.longValue();
            return;
        }
        for (int k = 0; k < limbs.length; k++) {
            limbs[k] = s.shiftRight(64 * k).longValue();
        }
    }

    /** Bits [from, from + c) of the little-endian limbs (zero past the end). */
    private static int bits(long[] limbs, int from, int c) {
        int limb = from >>> 6;
        int shift = from & 63;
        if (limb >= limbs.length) {
            return 0;
        }
        long v = limbs[limb] >>> shift;
        if (shift + c > 64 && limb + 1 < limbs.length) {
            v |= limbs[limb + 1] << (64 - shift);
        }
        return (int) (v & ((1L << c) - 1));
    }
}
