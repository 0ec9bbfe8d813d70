package org.jdrand.crypto.backend.blst;

import java.math.BigInteger;
import java.util.Arrays;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.GtElement;
import org.jdrand.crypto.Point;
import supranational.blst.PT;

/**
 * e(P, Q) as a {@link GtElement} with blst: Miller loop, final exponentiation, then blst's
 * big-endian Fp12 bytes re-ordered. blst writes, for i = 0..2 and j = 0..1, the Fp2
 * coefficient c_j.c_i (real part first), an order unlike kyber's; the tower is the same.
 */
final class BlstPairing {
    private BlstPairing() {}

    static GtElement pair(Point g1, Point g2) {
        BlstPoint p = BlstPoint.cast(g1);
        BlstPoint q = BlstPoint.cast(g2);
        if (p.group() != Group.G1 || q.group() != Group.G2) {
            throw new IllegalArgumentException("pairing: (" + p.group() + ", " + q.group() + ") (expected (G1, G2))");
        }
        if (p.isInfinity() || q.isInfinity()) {
            return GtElement.ONE;
        }
        byte[] raw = new PT(p.g1Affine(), q.g2Affine()).final_exp().to_bendian();
        BigInteger[] c = new BigInteger[12];
        int at = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                for (int t = 0; t < 2; t++) {
                    c[6 * j + 2 * i + t] = new BigInteger(1, Arrays.copyOfRange(raw, at, at + GtElement.FP_BYTES));
                    at += GtElement.FP_BYTES;
                }
            }
        }
        return GtElement.fromCoefficients(c);
    }
}
