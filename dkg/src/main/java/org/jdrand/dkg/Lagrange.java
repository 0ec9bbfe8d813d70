package org.jdrand.dkg;

import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.Scalar;

/**
 * Lagrange basis at zero over node indices (x = index + 1), as kyber's RecoverPriPoly /
 * RecoverCommit use them to turn old dealers' sub-shares into a new share when resharing.
 */
final class Lagrange {
    private Lagrange() {}

    /** λⱼ = Π_{m≠j} xₘ / (xₘ − xⱼ) for distinct indices. */
    static List<Scalar> coefficientsAtZero(List<Integer> indices) {
        List<Scalar> xs = new ArrayList<>(indices.size());
        for (int i : indices) {
            xs.add(Scalar.of(Integer.toUnsignedLong(i) + 1));
        }
        List<Scalar> out = new ArrayList<>(xs.size());
        for (int j = 0; j < xs.size(); j++) {
            Scalar num = Scalar.ONE;
            Scalar den = Scalar.ONE;
            for (int m = 0; m < xs.size(); m++) {
                if (m == j) {
                    continue;
                }
                num = num.multiply(xs.get(m));
                Scalar diff = xs.get(m).subtract(xs.get(j));
                if (diff.isZero()) {
                    throw new IllegalArgumentException("lagrange: duplicate index " + indices.get(m));
                }
                den = den.multiply(diff);
            }
            out.add(num.multiply(den.inverse()));
        }
        return out;
    }
}
