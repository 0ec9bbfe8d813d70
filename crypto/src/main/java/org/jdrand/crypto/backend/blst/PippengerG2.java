package org.jdrand.crypto.backend.blst;

import java.math.BigInteger;
import java.util.List;
import org.jdrand.crypto.Point;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

/** Pippenger's bucket method over blst G2 points with signed digits (variable time: public scalars only). */
final class PippengerG2 {
    private PippengerG2() {}

    static P2 msm(List<Point> points, BigInteger[] scalars, int bits) {
        int n = points.size();
        P2[] base = new P2[n];
        P2_Affine[] affine = new P2_Affine[n];
        for (int i = 0; i < n; i++) {
            BlstPoint p = BlstPoint.cast(points.get(i));
            base[i] = p.g2Shared(); // only read: blst's add leaves its argument alone
            affine[i] = p.g2AffineIfKnown();
        }
        int c = Pippenger.window(n, bits);
        int windows = Pippenger.windows(bits, c);
        int[] digits = Pippenger.signedDigits(scalars, bits, c);
        P2 result = new P2();
        P2[] buckets = new P2[(1 << (c - 1)) + 1];
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
                P2 bucket = buckets[b];
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
            P2 running = new P2();
            P2 sum = new P2();
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
