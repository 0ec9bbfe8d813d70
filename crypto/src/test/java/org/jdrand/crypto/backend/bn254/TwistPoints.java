package org.jdrand.crypto.backend.bn254;

import java.math.BigInteger;
import java.util.Random;

/** Random points of the twist E'(Fp2), almost surely outside G2 (the cofactor is about 2^254). */
final class TwistPoints {
    private TwistPoints() {}

    static G2 random(Random rnd) {
        while (true) {
            Fp2 x = Fp2.of(new BigInteger(256, rnd), new BigInteger(256, rnd));
            Fp2 y = sqrt(x.sqr().mul(x).add(G2.B));
            if (y != null) {
                return G2.affine(x, y);
            }
        }
    }

    /** Square root in Fp2 for p = 3 mod 4 (Adj and Rodríguez-Henríquez, algorithm 9), or null. */
    static Fp2 sqrt(Fp2 a) {
        BigInteger p = Fp.P;
        Fp2 a1 = a.pow(p.subtract(BigInteger.valueOf(3)).shiftRight(2));
        Fp2 alpha = a1.sqr().mul(a);
        Fp2 a0 = alpha.conj().mul(alpha);
        Fp2 minusOne = Fp2.ONE.neg();
        if (a0.equals(minusOne)) {
            return null;
        }
        Fp2 x0 = a1.mul(a);
        Fp2 x;
        if (alpha.equals(minusOne)) {
            x = new Fp2(x0.c1.neg(), x0.c0); // i·x0
        } else {
            x = Fp2.ONE.add(alpha).pow(p.subtract(BigInteger.ONE).shiftRight(1)).mul(x0);
        }
        return x.sqr().equals(a) ? x : null;
    }
}
