package org.jdrand.crypto.bls;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jdrand.crypto.Scalar;

/**
 * Helpers for batch verification by random linear combination: many pairing equations are
 * checked as one, each weighted by a fresh random 64-bit scalar, so a forger must guess the
 * weights (probability 2⁻⁶⁴) to hide a bad item. When the combined check fails, bisection finds
 * the bad items.
 */
public final class RandomLinearCombination {
    /** Bits of each random weight. */
    public static final int WEIGHT_BITS = 64;

    private RandomLinearCombination() {}

    /** {@code n} fresh non-zero random weights of {@value #WEIGHT_BITS} bits (one draw from {@code random} for all). */
    public static List<Scalar> weights(SecureRandom random, int n) {
        List<Scalar> out = new ArrayList<>(n);
        byte[] bytes = new byte[WEIGHT_BITS / 8 * n];
        random.nextBytes(bytes);
        byte[] one = new byte[WEIGHT_BITS / 8];
        for (int i = 0; i < n; i++) {
            System.arraycopy(bytes, i * one.length, one, 0, one.length);
            BigInteger w = new BigInteger(1, one);
            while (w.signum() == 0) {
                random.nextBytes(one);
                w = new BigInteger(1, one);
            }
            out.add(Scalar.of(w));
        }
        return out;
    }

    /**
     * The items for which {@code allValid} fails, found by bisection: a group that passes as a
     * whole is accepted, a failing single item is reported, a failing group is split in halves.
     * {@code allValid} must draw fresh weights on every call.
     */
    public static List<Integer> bisect(List<Integer> items, Predicate<List<Integer>> allValid) {
        List<Integer> bad = new ArrayList<>();
        bisect(items, allValid, bad);
        return bad;
    }

    private static void bisect(List<Integer> items, Predicate<List<Integer>> allValid, List<Integer> bad) {
        if (items.isEmpty() || allValid.test(items)) {
            return;
        }
        if (items.size() == 1) {
            bad.add(items.get(0));
            return;
        }
        int mid = items.size() / 2;
        bisect(items.subList(0, mid), allValid, bad);
        bisect(items.subList(mid, items.size()), allValid, bad);
    }
}
