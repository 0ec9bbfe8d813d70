package org.jdrand.crypto.backend.blst;

import java.math.BigInteger;
import java.util.List;

/**
 * The G1 sum of a batch check's decoded signatures (quicknet) inside libblst through the foreign
 * linker, with no jblst object per beacon: blst's Pippenger over the points' uncompressed
 * serializations. (Round hashes to G1 are summed by {@link MapToG1}, before their clearing.)
 *
 * <p>Variable time: meant for public points and public weights only.
 */
final class NativeG1 {
    private final ForeignLinker memory;
    private final NativeMsm msm;

    NativeG1(BlstNative blst) {
        this.memory = blst.memory();
        this.msm = new NativeMsm(NativeCurve.g1(blst), memory);
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
}
