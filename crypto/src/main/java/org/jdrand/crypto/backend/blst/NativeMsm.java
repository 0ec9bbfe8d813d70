package org.jdrand.crypto.backend.blst;

import java.math.BigInteger;
import java.util.List;

/**
 * Σ weightsᵢ·Pᵢ through blst's native Pippenger for one group (G1 for quicknet's batch sums, E2 /
 * G2 for the chained schemes'), from Jacobian points or from blst's uncompressed serializations.
 * The sum is left in the caller's frame: G1 serializes it, G2 may clear its cofactor first.
 *
 * <p>Variable time: meant for public points and public weights only.
 */
final class NativeMsm {
    private final NativeCurve curve;
    private final ForeignLinker memory;
    private final int longs;

    NativeMsm(NativeCurve curve, ForeignLinker memory) {
        this.curve = curve;
        this.memory = memory;
        this.longs = curve.jacobian() / 8;
    }

    /** The sum of Jacobian points (given as longs), as a Jacobian point in {@code temp} (zero: infinity). */
    long sumOfJacobian(List<long[]> points, BigInteger[] weights, ForeignLinker.Frame temp) {
        int n = points.size();
        int nbits = maxBits(weights);
        int nbytes = (nbits + 7) / 8;
        // skip infinities (Z = 0): batch inversion would turn every point into garbage
        long jac = temp.allocate((long) Math.max(1, n) * curve.jacobian());
        long sc = temp.allocate((long) Math.max(1, n) * nbytes);
        int m = 0;
        for (int i = 0; i < n; i++) {
            long[] p = points.get(i);
            if (p.length != longs) {
                throw new IllegalArgumentException("msm: point " + i + ": " + p.length + " limbs (" + longs + ")");
            }
            if (isInfinity(p) || weights[i].signum() == 0) {
                continue;
            }
            memory.copy(p, jac + (long) m * curve.jacobian());
            memory.copy(littleEndian(weights[i], nbytes), sc + (long) m * nbytes);
            m++;
        }
        long sum = temp.allocate(curve.jacobian());
        if (m > 0) {
            long affine = temp.allocate((long) m * curve.affine());
            curve.toAffine(affine, contiguous(jac, temp), m);
            pippenger(sum, affine, sc, m, nbits, temp);
        }
        return sum;
    }

    /**
     * The sum of points given in blst's uncompressed serialization (cheap to produce from a decoded
     * point, no inversion), as a Jacobian point in {@code temp} (zero: infinity).
     */
    long sumOfSerialized(List<byte[]> points, BigInteger[] weights, ForeignLinker.Frame temp) {
        int n = points.size();
        int nbits = maxBits(weights);
        int nbytes = (nbits + 7) / 8;
        long in = temp.allocate(curve.affine());
        long affine = temp.allocate((long) Math.max(1, n) * curve.affine());
        long sc = temp.allocate((long) Math.max(1, n) * nbytes);
        int m = 0;
        for (int i = 0; i < n; i++) {
            byte[] p = points.get(i);
            if (p.length != curve.affine()) {
                throw new IllegalArgumentException("msm: point " + i + " serialization: " + p.length + " bytes ("
                        + curve.affine() + ")");
            }
            if ((p[0] & 0x40) != 0 || weights[i].signum() == 0) {
                continue; // infinity or nothing to add
            }
            memory.copy(p, in);
            if (curve.deserialize(affine + (long) m * curve.affine(), in) != 0) {
                throw new IllegalArgumentException("msm: point " + i + " does not deserialize");
            }
            memory.copy(littleEndian(weights[i], nbytes), sc + (long) m * nbytes);
            m++;
        }
        long sum = temp.allocate(curve.jacobian());
        if (m > 0) {
            pippenger(sum, affine, sc, m, nbits, temp);
        }
        return sum;
    }

    /** The uncompressed serialization of the affine form of a Jacobian point in native memory. */
    byte[] serialize(long point, ForeignLinker.Frame temp) {
        long out = temp.allocate(curve.affine());
        curve.serialize(out, point);
        byte[] bytes = new byte[curve.affine()];
        memory.copy(out, bytes);
        return bytes;
    }

    /** {@code sum} = Σ of m affine points (contiguous) times their nbits-bit little-endian scalars (contiguous). */
    private void pippenger(long sum, long affine, long sc, int m, int nbits, ForeignLinker.Frame temp) {
        if (m == 1) {
            long jac = temp.allocate(curve.jacobian());
            curve.fromAffine(jac, affine);
            curve.uncheckedMult(sum, jac, sc, nbits);
            return;
        }
        long buckets = temp.allocate(Math.max(8, curve.pippengerScratchSizeof(m)));
        curve.pippenger(sum, contiguous(affine, temp), m, contiguous(sc, temp), nbits, buckets);
    }

    /** A two-entry pointer array {start, NULL}: blst's way of passing a contiguous array. */
    private long contiguous(long start, ForeignLinker.Frame temp) {
        long ptrs = temp.allocate(16); // zeroed: the second entry is NULL
        memory.setLong(ptrs, start);
        return ptrs;
    }

    /** Z = 0 (the last third of the limbs), for a Jacobian point of either group. */
    static boolean isInfinity(long[] p) {
        for (int i = 2 * p.length / 3; i < p.length; i++) {
            if (p[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Bits of the largest weight (at least 1); weights must not be negative. */
    private static int maxBits(BigInteger[] weights) {
        int nbits = 1;
        for (BigInteger w : weights) {
            if (w.signum() < 0) {
                throw new IllegalArgumentException("msm: negative weight");
            }
            nbits = Math.max(nbits, w.bitLength());
        }
        return nbits;
    }

    /** {@code v} as {@code bytes} little-endian bytes (blst's scalar layout). */
    static byte[] littleEndian(BigInteger v, int bytes) {
        byte[] be = v.toByteArray();
        byte[] le = new byte[bytes];
        for (int i = 0; i < bytes && i < be.length; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }
}
