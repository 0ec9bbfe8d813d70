package org.jdrand.crypto.backend.bc;

import java.math.BigInteger;
import org.bouncycastle.crypto.bls.BLS12_381Pairing;
import org.bouncycastle.crypto.bls.Fp12Element;
import org.bouncycastle.crypto.bls.Fp2Element;
import org.bouncycastle.crypto.bls.Fp6Element;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.GtElement;
import org.jdrand.crypto.Point;

/**
 * e(P, Q) as a {@link GtElement}: Bouncy Castle's pairing, cubed, its Fp12 tower read coefficient
 * by coefficient. Bouncy Castle's final exponentiation raises to (p¹² − 1)/r; blst, kyber (kilic)
 * and noble use the faster hard part that gives 3·(p¹² − 1)/r, and timelock hashes those bytes,
 * so we cube (3 does not divide r: still a non-degenerate bilinear map, the same one as theirs).
 */
final class BcPairing {
    private BcPairing() {}

    static GtElement pair(Point g1, Point g2) {
        BcPoint p = BcPoint.cast(g1);
        BcPoint q = BcPoint.cast(g2);
        if (p.group() != Group.G1 || q.group() != Group.G2) {
            throw new IllegalArgumentException("pairing: (" + p.group() + ", " + q.group() + ") (expected (G1, G2))");
        }
        if (p.isInfinity() || q.isInfinity()) {
            return GtElement.ONE;
        }
        Fp12Element f = BLS12_381Pairing.pair(p.g1(), q.g2());
        Fp12Element e = f.square().mul(f);
        BigInteger[] c = new BigInteger[12];
        Fp6Element[] halves = {e.c0(), e.c1()};
        for (int j = 0; j < 2; j++) {
            Fp2Element[] thirds = {halves[j].c0(), halves[j].c1(), halves[j].c2()};
            for (int i = 0; i < 3; i++) {
                c[6 * j + 2 * i] = thirds[i].c0();
                c[6 * j + 2 * i + 1] = thirds[i].c1();
            }
        }
        return GtElement.fromCoefficients(c);
    }
}
