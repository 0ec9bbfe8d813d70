package org.jdrand.crypto.backend.blst;

import java.math.BigInteger;
import java.security.SecureRandom;
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
    private final NativeMsm msm;

    NativeG1(BlstNative blst) {
        this.blst = blst;
        this.memory = blst.memory();
        this.msm = new NativeMsm(NativeMsm.g1(blst), memory);
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
        try (ForeignLinker.Frame temp = memory.frame()) {
            return msm.serialize(msm.sumOfJacobian(points, weights, temp), temp);
        }
    }

    /**
     * Σ weightsᵢ·Pᵢ for points of G1 given in blst's 96-byte uncompressed serialization (cheap to
     * produce from a decoded point, no inversion), as the 96-byte serialization of the sum.
     */
    byte[] sumSerialized(List<byte[]> points, BigInteger[] weights) {
        try (ForeignLinker.Frame temp = memory.frame()) {
            return msm.serialize(msm.sumOfSerialized(points, weights, temp), temp);
        }
    }

    /**
     * Random combinations in {@link #allInG1}. Each misses a point outside G1 with a probability of
     * at most 1/3, all of them with at most 3⁻⁴¹ < 2⁻⁶⁵: below the 2⁻⁶⁴ of the batch's 64-bit weights.
     */
    static final int SUBGROUP_COMBINATIONS = 41;

    /**
     * Whether every point, given in blst's 96-byte uncompressed serialization and on the curve, is
     * in G1, checked on random combinations instead of point by point. E(Fp) = G1 × H with |H| =
     * the cofactor, which is odd; write Pᵢ = gᵢ + tᵢ. A combination S = Σ cᵢ·Pᵢ with cᵢ drawn
     * uniformly from {0, 1, 2} is in G1 iff Σ cᵢ·tᵢ = 0. If some tⱼ ≠ 0, its order is at least 3,
     * so the three values of cⱼ give three different sums and at most one of them is 0: each
     * combination misses with a probability of at most 1/3, whatever the points (they are fixed
     * before the cᵢ are drawn). A combination costs about 2n/3 affine additions (blst's batched
     * addition, one inversion shared by all) and one subgroup test, against n tests (about 130
     * doublings and additions each) point by point.
     *
     * <p>True means "all in G1" up to {@link #SUBGROUP_COMBINATIONS}'s bound; false means some
     * point is not (a combination outside G1 has a term outside G1), or a serialization does not
     * deserialize: the caller then checks the points one by one.
     */
    boolean allInG1(List<byte[]> serialized, SecureRandom random) {
        return allInG1(serialized, random, SUBGROUP_COMBINATIONS);
    }

    /** {@link #allInG1(List, SecureRandom)} with {@code combinations} combinations (tests show the per-combination bound). */
    boolean allInG1(List<byte[]> serialized, SecureRandom random, int combinations) {
        int n = serialized.size();
        if (n == 0) {
            return true;
        }
        byte[] trits = trits(random, n * combinations);
        try (ForeignLinker.Frame temp = memory.frame()) {
            long in = temp.allocate(BlstNative.P1_AFFINE);
            long affine = temp.allocate((long) n * BlstNative.P1_AFFINE);
            int m = 0;
            for (int i = 0; i < n; i++) {
                byte[] p = serialized.get(i);
                if (p.length != BlstNative.P1_AFFINE) {
                    throw new IllegalArgumentException("subgroup check: point " + i + " serialization: " + p.length
                            + " bytes (" + BlstNative.P1_AFFINE + ")");
                }
                if ((p[0] & 0x40) != 0) {
                    continue; // infinity: in G1
                }
                memory.copy(p, in);
                if (blst.p1Deserialize(affine + (long) m * BlstNative.P1_AFFINE, in) != 0) {
                    return false;
                }
                m++;
            }
            long ones = temp.allocate(Math.max(1, m) * 8L);
            long twos = temp.allocate(Math.max(1, m) * 8L);
            long[] onesJava = new long[m];
            long[] twosJava = new long[m];
            long sum = temp.allocate(BlstNative.P1);
            long doubled = temp.allocate(BlstNative.P1);
            for (int c = 0; c < combinations; c++) {
                int n1 = 0;
                int n2 = 0;
                for (int i = 0; i < m; i++) {
                    byte t = trits[c * n + i];
                    long point = affine + (long) i * BlstNative.P1_AFFINE;
                    if (t == 1) {
                        onesJava[n1++] = point;
                    } else if (t == 2) {
                        twosJava[n2++] = point;
                    }
                }
                memory.copy(onesJava, ones); // whole arrays: the entries past n1 / n2 are not read
                memory.copy(twosJava, twos);
                // S = Σ_{c=1} P + 2·Σ_{c=2} P
                if (n1 > 0) {
                    blst.p1sAdd(sum, ones, n1);
                } else {
                    zero(sum);
                }
                if (n2 > 0) {
                    blst.p1sAdd(doubled, twos, n2);
                    blst.p1Double(doubled, doubled);
                    blst.p1AddOrDouble(sum, sum, doubled);
                }
                if (!blst.p1InG1(sum)) {
                    return false;
                }
            }
        }
        return true;
    }

    private void zero(long point) {
        for (int i = 0; i < P1_LONGS; i++) {
            memory.setLong(point + 8L * i, 0);
        }
    }

    /** {@code count} independent values uniform in {0, 1, 2}: five from each random byte below 243 = 3⁵, the others redrawn. */
    static byte[] trits(SecureRandom random, int count) {
        byte[] out = new byte[count];
        byte[] pool = new byte[count / 5 + 16];
        int used = pool.length;
        int i = 0;
        while (i < count) {
            if (used == pool.length) {
                random.nextBytes(pool);
                used = 0;
            }
            int b = pool[used++] & 0xff;
            if (b >= 243) {
                continue;
            }
            for (int t = 0; t < 5 && i < count; t++) {
                out[i++] = (byte) (b % 3);
                b /= 3;
            }
        }
        return out;
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
