package org.jdrand.crypto.backend.blst;

import java.math.BigInteger;
import java.util.List;

/**
 * G1 work of a batch check (quicknet: signatures and round hashes in G1) done inside libblst
 * through the foreign linker, with no jblst object per beacon: blst's complete hash_to_g1 into
 * native memory ({@link #hash}), and the two weighted sums of a batch through blst's Pippenger
 * ({@link #sumOfJacobian} for hashes, {@link #sumSerialized} for decoded signatures). Before, both
 * sums ran jdrand's Java Pippenger with one JNI call per point addition.
 *
 * <p>Variable time: meant for public messages and public weights only.
 */
final class NativeG1 {
    /** Longs in a blst_p1 (Jacobian X, Y, Z over Fp). */
    static final int P1_LONGS = BlstNative.P1 / 8;

    /** Longer DSTs would have to be hashed first (RFC 9380 §5.3.3); blst does that itself, but we keep one rule with {@link MapToG2}. */
    static final int MAX_DST = 255;

    private final BlstNative blst;
    private final ForeignLinker memory;
    private final ThreadLocal<Scratch> scratch;

    NativeG1(BlstNative blst) {
        this.blst = blst;
        this.memory = blst.memory();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(memory));
    }

    /** H(message) in G1 (RFC 9380, BLS12381G1_XMD:SHA-256_SSWU_RO_ with {@code dst}) as a blst_p1 in 18 longs. */
    long[] hash(byte[] message, byte[] dst) {
        if (dst.length > MAX_DST) {
            throw new IllegalArgumentException("hash to curve: dst longer than 255 bytes");
        }
        Scratch s = scratch.get();
        try (ForeignLinker.Frame temp = message.length <= Scratch.MSG ? null : memory.frame()) {
            long msg = temp == null ? s.msg : temp.allocate(message.length);
            memory.copy(message, msg);
            memory.copy(dst, s.dst);
            blst.hashToG1(s.point, msg, message.length, s.dst, dst.length);
        }
        long[] out = new long[P1_LONGS];
        memory.copy(s.point, out);
        return out;
    }

    /** The 96-byte uncompressed serialization of the affine form of a blst_p1 given as 18 longs. */
    byte[] serialize(long[] p) {
        Scratch s = scratch.get();
        memory.copy(p, s.point);
        blst.p1Serialize(s.serialized, s.point);
        byte[] bytes = new byte[BlstNative.P1_AFFINE];
        memory.copy(s.serialized, bytes);
        return bytes;
    }

    /** Σ weightsᵢ·Pᵢ for Jacobian points (18 longs each), as the 96-byte serialization of the sum. */
    byte[] sumOfJacobian(List<long[]> points, BigInteger[] weights) {
        int n = points.size();
        int nbits = maxBits(weights);
        int nbytes = (nbits + 7) / 8;
        try (ForeignLinker.Frame temp = memory.frame()) {
            // skip infinities (Z = 0): batch inversion would turn every point into garbage
            long jac = temp.allocate((long) Math.max(1, n) * BlstNative.P1);
            long sc = temp.allocate((long) Math.max(1, n) * nbytes);
            int m = 0;
            for (int i = 0; i < n; i++) {
                long[] p = points.get(i);
                if (p.length != P1_LONGS) {
                    throw new IllegalArgumentException("msm: point " + i + ": " + p.length + " limbs (" + P1_LONGS + ")");
                }
                if (isInfinity(p) || weights[i].signum() == 0) {
                    continue;
                }
                memory.copy(p, jac + (long) m * BlstNative.P1);
                memory.copy(MapToG2.littleEndian(weights[i], nbytes), sc + (long) m * nbytes);
                m++;
            }
            long sum = temp.allocate(BlstNative.P1);
            if (m > 0) {
                long affine = temp.allocate((long) m * BlstNative.P1_AFFINE);
                blst.p1sToAffine(affine, contiguous(jac, temp), m);
                pippenger(sum, affine, sc, m, nbits, temp);
            }
            return serialize(sum, temp);
        }
    }

    /**
     * Σ weightsᵢ·Pᵢ for points of G1 given in blst's 96-byte uncompressed serialization (cheap to
     * produce from a decoded point, no inversion), as the 96-byte serialization of the sum.
     */
    byte[] sumSerialized(List<byte[]> points, BigInteger[] weights) {
        int n = points.size();
        int nbits = maxBits(weights);
        int nbytes = (nbits + 7) / 8;
        try (ForeignLinker.Frame temp = memory.frame()) {
            long in = temp.allocate(BlstNative.P1_AFFINE);
            long affine = temp.allocate((long) Math.max(1, n) * BlstNative.P1_AFFINE);
            long sc = temp.allocate((long) Math.max(1, n) * nbytes);
            int m = 0;
            for (int i = 0; i < n; i++) {
                byte[] p = points.get(i);
                if (p.length != BlstNative.P1_AFFINE) {
                    throw new IllegalArgumentException("msm: point " + i + " serialization: " + p.length + " bytes (96)");
                }
                if ((p[0] & 0x40) != 0 || weights[i].signum() == 0) {
                    continue; // infinity or nothing to add
                }
                memory.copy(p, in);
                if (blst.p1Deserialize(affine + (long) m * BlstNative.P1_AFFINE, in) != 0) {
                    throw new IllegalArgumentException("msm: point " + i + " does not deserialize");
                }
                memory.copy(MapToG2.littleEndian(weights[i], nbytes), sc + (long) m * nbytes);
                m++;
            }
            long sum = temp.allocate(BlstNative.P1);
            if (m > 0) {
                pippenger(sum, affine, sc, m, nbits, temp);
            }
            return serialize(sum, temp);
        }
    }

    /** {@code sum} = Σ of m affine points (contiguous) times their nbits-bit little-endian scalars (contiguous). */
    private void pippenger(long sum, long affine, long sc, int m, int nbits, ForeignLinker.Frame temp) {
        if (m == 1) {
            long jac = temp.allocate(BlstNative.P1);
            blst.p1FromAffine(jac, affine);
            blst.p1UncheckedMult(sum, jac, sc, nbits);
            return;
        }
        long buckets = temp.allocate(Math.max(8, blst.p1sMultPippengerScratchSizeof(m)));
        blst.p1sMultPippenger(sum, contiguous(affine, temp), m, contiguous(sc, temp), nbits, buckets);
    }

    private byte[] serialize(long point, ForeignLinker.Frame temp) {
        long out = temp.allocate(BlstNative.P1_AFFINE);
        blst.p1Serialize(out, point);
        byte[] bytes = new byte[BlstNative.P1_AFFINE];
        memory.copy(out, bytes);
        return bytes;
    }

    /** A two-entry pointer array {start, NULL}: blst's way of passing a contiguous array. */
    private long contiguous(long start, ForeignLinker.Frame temp) {
        long ptrs = temp.allocate(16); // zeroed: the second entry is NULL
        memory.setLong(ptrs, start);
        return ptrs;
    }

    /** Z = 0 (the last 6 limbs). */
    static boolean isInfinity(long[] p) {
        for (int i = 2 * P1_LONGS / 3; i < P1_LONGS; i++) {
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

    /** Per-thread native work space (freed once the thread's scratch object is unreachable). */
    private static final class Scratch {
        static final int MSG = 256;
        /** Owns the memory behind every address below. */
        private final ForeignLinker.Block block;
        final long msg;
        final long dst;
        final long point;
        final long serialized;

        Scratch(ForeignLinker memory) {
            block = memory.allocateBlock(MSG + 256 + BlstNative.P1 + BlstNative.P1_AFFINE);
            msg = block.address();
            dst = msg + MSG;
            point = dst + 256;
            serialized = point + BlstNative.P1;
        }
    }
}
