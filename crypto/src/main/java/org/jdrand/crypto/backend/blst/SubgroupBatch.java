package org.jdrand.crypto.backend.blst;

import java.security.SecureRandom;
import java.util.List;

/**
 * Subgroup checks of many decoded points at once, on random combinations, inside libblst: batch
 * verification's signatures (G1 for quicknet, G2 for the chained schemes).
 *
 * <p>Why it is sound: the points' group is E = G × H, where |H| is the cofactor, whose smallest
 * prime factor q is 3 for G1 and 13 for G2. Write Pᵢ = gᵢ + tᵢ with tᵢ ∈ H. A combination
 * S = Σ cᵢ·Pᵢ with cᵢ drawn uniformly from {0, …, q − 1} is in G iff Σ cᵢ·tᵢ = 0. If some tⱼ ≠ 0,
 * its order is at least q, so the q values of cⱼ give q different sums and at most one of them is
 * 0: each combination misses with a probability of at most 1/q, whatever the points (they are
 * fixed before the cᵢ are drawn), and {@link #combinations} independent ones all miss with at
 * most q^−k < 2⁻⁶⁴, the bound of the batch's own 64-bit weights.
 *
 * <p>Cost: a combination sums each value's points with blst's batched affine addition (one
 * inversion shared by all), about (q − 1)/q additions per point, then 2(q − 1) additions and one
 * subgroup test; point by point, each test is blst's endomorphism check (well over a hundred
 * doublings and additions). Variable time: public points only.
 */
final class SubgroupBatch {
    /** The smallest prime factor of G1's cofactor. */
    static final int G1_COFACTOR_PRIME = 3;
    /** The smallest prime factor of G2's cofactor (13² · 23² · 2713 · …). */
    static final int G2_COFACTOR_PRIME = 13;

    private final NativeCurve curve;
    private final ForeignLinker memory;
    /** q: the combinations' weights are 0 … q − 1. */
    final int values;
    /** The fewest combinations k with q^k ≥ 2⁶⁴: 41 for q = 3, 18 for q = 13. */
    final int combinations;

    SubgroupBatch(NativeCurve curve, ForeignLinker memory, int smallestCofactorPrime) {
        this.curve = curve;
        this.memory = memory;
        this.values = smallestCofactorPrime;
        this.combinations = (int) Math.ceil(64 / (Math.log(smallestCofactorPrime) / Math.log(2)) - 1e-9);
    }

    /**
     * Whether every point, given in blst's uncompressed serialization and on the curve, is in the
     * subgroup: true up to the bound above; false when some point is not (a combination outside
     * the subgroup has a term outside it) or a serialization does not deserialize. The caller then
     * tests the points one by one.
     */
    boolean allInSubgroup(List<byte[]> serialized, SecureRandom random) {
        return allInSubgroup(serialized, random, combinations);
    }

    /** {@link #allInSubgroup(List, SecureRandom)} with {@code k} combinations (tests show the per-combination bound). */
    boolean allInSubgroup(List<byte[]> serialized, SecureRandom random, int k) {
        int n = serialized.size();
        if (n == 0) {
            return true;
        }
        byte[] weights = digits(random, n * k, values);
        try (ForeignLinker.Frame temp = memory.frame()) {
            long affine = temp.allocate((long) n * curve.affine());
            int m = deserialize(serialized, affine, temp);
            if (m < 0) {
                return false;
            }
            long pointers = temp.allocate(Math.max(1, m) * 8L);
            long[] byValue = new long[m];
            int[] starts = new int[values + 1];
            for (int c = 0; c < k; c++) {
                sortByValue(weights, c * n, m, affine, byValue, starts);
                memory.copy(byValue, pointers);
                if (!combinationInSubgroup(pointers, starts, temp)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The points' affine forms, contiguous at {@code affine}, infinities left out: how many, or −1 if one is not on the curve. */
    private int deserialize(List<byte[]> serialized, long affine, ForeignLinker.Frame temp) {
        int size = curve.affine();
        long in = temp.allocate(size);
        int m = 0;
        for (int i = 0; i < serialized.size(); i++) {
            byte[] p = serialized.get(i);
            if (p.length != size) {
                throw new IllegalArgumentException("subgroup check: point " + i + " serialization: " + p.length
                        + " bytes (" + size + ")");
            }
            if ((p[0] & 0x40) != 0) {
                continue; // infinity: in every subgroup
            }
            memory.copy(p, in);
            if (curve.deserialize(affine + (long) m * size, in) != 0) {
                return -1;
            }
            m++;
        }
        return m;
    }

    /**
     * Counting sort of the m points by their weight in {@code weights[from …]}: the pointers to the
     * points weighted v are {@code byValue[starts[v] … starts[v + 1])}.
     */
    private void sortByValue(byte[] weights, int from, int m, long affine, long[] byValue, int[] starts) {
        java.util.Arrays.fill(starts, 0);
        for (int i = 0; i < m; i++) {
            starts[weights[from + i] + 1]++;
        }
        for (int v = 0; v < values; v++) {
            starts[v + 1] += starts[v];
        }
        int[] next = starts.clone();
        int size = curve.affine();
        for (int i = 0; i < m; i++) {
            byValue[next[weights[from + i]]++] = affine + (long) i * size;
        }
    }

    /** Whether S = Σ v·Bᵥ is in the subgroup, Bᵥ the sum of the points weighted v: running sums from the top, R += Bᵥ, S += R. */
    private boolean combinationInSubgroup(long pointers, int[] starts, ForeignLinker.Frame temp) {
        long bucket = temp.allocate(curve.jacobian());
        long running = temp.allocate(curve.jacobian()); // zeroed: infinity
        long sum = temp.allocate(curve.jacobian());
        for (int v = values - 1; v >= 1; v--) {
            int count = starts[v + 1] - starts[v];
            if (count > 0) {
                curve.sumOfAffine(bucket, pointers + 8L * starts[v], count);
                curve.addOrDouble(running, running, bucket);
            }
            curve.addOrDouble(sum, sum, running);
        }
        return curve.inSubgroup(sum);
    }

    /**
     * {@code count} independent values uniform in {0, …, base − 1} (base ≤ 16): each random byte
     * below base^d, d the most digits that fit in a byte, gives d of them; the others are redrawn.
     */
    static byte[] digits(SecureRandom random, int count, int base) {
        int d = 0;
        int limit = 1;
        while (limit * base <= 256) {
            limit *= base;
            d++;
        }
        byte[] out = new byte[count];
        byte[] pool = new byte[count / d + 16];
        int used = pool.length;
        int i = 0;
        while (i < count) {
            if (used == pool.length) {
                random.nextBytes(pool);
                used = 0;
            }
            int b = pool[used++] & 0xff;
            if (b >= limit) {
                continue;
            }
            for (int t = 0; t < d && i < count; t++) {
                out[i++] = (byte) (b % base);
                b /= base;
            }
        }
        return out;
    }
}
