package org.jdrand.crypto.tbls;

import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.Scalar;

/**
 * Lagrange basis at zero over share indices (x = index + 1): the weights that recover f(0) from
 * t evaluations, for group signatures ({@link ThresholdBls}) and for resharing (kyber's
 * RecoverPriPoly / RecoverCommit in the DKG).
 */
public final class Lagrange {
    private Lagrange() {}

    /** λⱼ = Πₘ≠ⱼ xₘ / (xₘ − xⱼ) for distinct 0-based indices, in the order given. */
    public static List<Scalar> coefficientsAtZero(List<Integer> indices) {
        List<Scalar> xs = new ArrayList<>(indices.size());
        for (int i : indices) {
            PartialSignature.checkIndex(i);
            xs.add(Scalar.of(i + 1L));
        }
        List<Scalar> out = new ArrayList<>(xs.size());
        for (int j = 0; j < xs.size(); j++) {
            Scalar num = Scalar.ONE;
            Scalar den = Scalar.ONE;
            for (int m = 0; m < xs.size(); m++) {
                if (m == j) {
                    continue;
                }
                Scalar diff = xs.get(m).subtract(xs.get(j));
                if (diff.isZero()) {
                    throw new IllegalArgumentException("lagrange: index " + indices.get(m) + " twice (expected distinct indices)");
                }
                num = num.multiply(xs.get(m));
                den = den.multiply(diff);
            }
            out.add(num.multiply(den.inverse()));
        }
        return out;
    }
}
