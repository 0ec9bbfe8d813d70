package org.jdrand.crypto.backend.blst;

import java.math.BigInteger;
import java.util.List;
import org.jdrand.crypto.Point;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

/** Pippenger's bucket method over blst G2 points (variable time: public scalars only). */
final class PippengerG2 {
    private PippengerG2() {}

    static P2 msm(List<Point> points, BigInteger[] scalars, int bits) {
        int n = points.size();
        P2[] base = new P2[n];
        P2_Affine[] affine = new P2_Affine[n];
        for (int i = 0; i < n; i++) {
            BlstPoint p = BlstPoint.cast(points.get(i));
            base[i] = p.g2Copy();
            affine[i] = p.g2AffineIfKnown();
        }
        int c = Pippenger.window(n);
        int windows = (bits + c - 1) / c;
        P2 result = new P2();
        P2[] buckets = new P2[1 << c];
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
            P2 running = new P2();
            P2 sum = new P2();
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
