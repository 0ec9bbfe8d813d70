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
    private final NativeMsm msm;

    NativeG1(BlstNative blst) {
        this.blst = blst;
        this.memory = blst.memory();
        this.msm = new NativeMsm(NativeCurve.g1(blst), memory);
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
