package org.jdrand.crypto.tbls;

import java.math.BigInteger;
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

    /** λⱼ = Πₘ≠ⱼ xₘ / (xₘ − xⱼ) mod BLS12-381's r, for distinct 0-based indices, in the order given. */
    public static List<Scalar> coefficientsAtZero(List<Integer> indices) {
        return coefficientsAtZero(indices, Scalar.ORDER);
    }

    /**
     * The same mod {@code order}, the order of the scheme's groups; the weights are scalars of
     * that order.
     */
    public static List<Scalar> coefficientsAtZero(List<Integer> indices, BigInteger order) {
        List<BigInteger> xs = new ArrayList<>(indices.size());
        for (int i : indices) {
            PartialSignature.checkIndex(i);
            xs.add(BigInteger.valueOf(i + 1L));
        }
        List<Scalar> out = new ArrayList<>(xs.size());
        for (int j = 0; j < xs.size(); j++) {
            BigInteger num = BigInteger.ONE;
            BigInteger den = BigInteger.ONE;
            for (int m = 0; m < xs.size(); m++) {
                if (m == j) {
                    continue;
                }
                BigInteger diff = xs.get(m).subtract(xs.get(j));
                if (diff.signum() == 0) {
                    throw new IllegalArgumentException("lagrange: index " + indices.get(m) + " twice (expected distinct indices)");
                }
                num = num.multiply(xs.get(m)).mod(order);
                den = den.multiply(diff).mod(order);
            }
            out.add(Scalar.of(num.multiply(den.modInverse(order)), order));
        }
        return out;
    }
}
