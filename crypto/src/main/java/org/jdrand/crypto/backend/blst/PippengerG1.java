package org.jdrand.crypto.backend.blst;

import java.math.BigInteger;
import java.util.List;
import org.jdrand.crypto.Point;
import supranational.blst.P1;
import supranational.blst.P1_Affine;

/** Pippenger's bucket method over blst G1 points (variable time: public scalars only). */
final class PippengerG1 {
    private PippengerG1() {}

    static P1 msm(List<Point> points, BigInteger[] scalars, int bits) {
        int n = points.size();
        P1[] base = new P1[n];
        P1_Affine[] affine = new P1_Affine[n];
        for (int i = 0; i < n; i++) {
            BlstPoint p = BlstPoint.cast(points.get(i));
            base[i] = p.g1Copy();
            affine[i] = p.g1AffineIfKnown();
        }
        int c = Pippenger.window(n);
        int windows = (bits + c - 1) / c;
        P1 result = new P1();
        P1[] buckets = new P1[1 << c];
        for (int w = windows - 1; w >= 0; w--) {
            for (int k = 0; k < c; k++) {
                result.dbl();
            }
            java.util.Arrays.fill(buckets, null);
            for (int i = 0; i < n; i++) {
                int d = Pippenger.digit(scalars[i], w * c, c);
                if (d != 0) {
                    if (buckets[d] == null) {
                        buckets[d] = base[i].dup();
                    } else if (affine[i] != null) {
                        buckets[d].add(affine[i]); // mixed addition: cheaper than Jacobian + Jacobian
                    } else {
                        buckets[d].add(base[i]);
                    }
                }
            }
            P1 running = new P1();
            P1 sum = new P1();
            for (int d = buckets.length - 1; d >= 1; d--) {
                if (buckets[d] != null) {
                    running.add(buckets[d]);
                }
                sum.add(running);
            }
            result.add(sum);
        }
        return result;
    }
}
