package org.jdrand.crypto.backend.blst;

import java.math.BigInteger;
import java.util.List;
import org.jdrand.crypto.Point;
import supranational.blst.P1;
import supranational.blst.P1_Affine;

/** Pippenger's bucket method over blst G1 points with signed digits (variable time: public scalars only). */
final class PippengerG1 {
    private PippengerG1() {}

    static P1 msm(List<Point> points, BigInteger[] scalars, int bits) {
        int n = points.size();
        P1[] base = new P1[n];
        P1_Affine[] affine = new P1_Affine[n];
        for (int i = 0; i < n; i++) {
            BlstPoint p = BlstPoint.cast(points.get(i));
            base[i] = p.g1Shared(); // only read: blst's add leaves its argument alone
            affine[i] = p.g1AffineIfKnown();
        }
        int c = Pippenger.window(n, bits);
        int windows = Pippenger.windows(bits, c);
        int[] digits = Pippenger.signedDigits(scalars, bits, c);
        P1 result = new P1();
        P1[] buckets = new P1[(1 << (c - 1)) + 1];
        for (int w = windows - 1; w >= 0; w--) {
            for (int k = 0; k < c; k++) {
                result.dbl();
            }
            java.util.Arrays.fill(buckets, null);
            int off = w * n;
            for (int i = 0; i < n; i++) {
                int d = digits[off + i];
                if (d == 0) {
                    continue;
                }
                int b = Math.abs(d);
                P1 bucket = buckets[b];
                if (bucket == null) {
                    bucket = affine[i] != null ? affine[i].to_jacobian() : base[i].dup();
                    buckets[b] = d < 0 ? bucket.neg() : bucket;
                    continue;
                }
                if (d < 0) {
                    bucket.neg(); // bucket − P = −(−bucket + P): two cheap negations instead of a negated copy of P
                }
                if (affine[i] != null) {
                    bucket.add(affine[i]); // mixed addition: cheaper than Jacobian + Jacobian
                } else {
                    bucket.add(base[i]);
                }
                if (d < 0) {
                    bucket.neg();
                }
            }
            P1 running = new P1();
            P1 sum = new P1();
            for (int b = buckets.length - 1; b >= 1; b--) {
                if (buckets[b] != null) {
                    running.add(buckets[b]);
                }
                sum.add(running);
            }
            result.add(sum);
        }
        return result;
    }
}
