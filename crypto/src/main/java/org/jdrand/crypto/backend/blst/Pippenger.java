package org.jdrand.crypto.backend.blst;

import java.math.BigInteger;

/**
 * Window size and signed digits shared by the G1 and G2 bucket methods. Digits are signed
 * (−2^(c−1) .. 2^(c−1)), which halves the buckets: a negative digit subtracts the point from
 * its bucket. Variable time: public scalars only.
 */
final class Pippenger {
    private Pippenger() {}

    /** The window c minimising the additions: ⌈(bits + 1)/c⌉ windows × (n bucket additions + 2·2^(c−1) summing additions). */
    static int window(int n, int bits) {
        int best = 2;
        long bestCost = Long.MAX_VALUE;
        for (int c = 2; c <= 16; c++) {
            long cost = (long) windows(bits, c) * (n + (2L << (c - 1)));
            if (cost < bestCost) {
                bestCost = cost;
                best = c;
            }
        }
        return best;
    }

    /** Windows needed for signed digits of {@code bits}-bit scalars (one more bit for the last carry). */
    static int windows(int bits, int c) {
        return (bits + c) / c;
    }

    /**
     * The signed c-bit digits of every scalar, window-major: {@code digits[w * n + i]} for scalar i
     * (Σ_w digit·2^(w·c) = scalar). Scalars must be non-negative and fit {@code bits}.
     */
    static int[] signedDigits(BigInteger[] scalars, int bits, int c) {
        int n = scalars.length;
        int windows = windows(bits, c);
        int[] digits = new int[windows * n];
        long[] limbs = new long[(bits + 63) / 64 + 1];
        for (int i = 0; i < n; i++) {
            toLimbs(scalars[i], limbs);
            int carry = 0;
            for (int w = 0; w < windows; w++) {
                int d = bits(limbs, w * c, c) + carry;
                if (d > (1 << (c - 1))) {
                    d -= 1 << c;
                    carry = 1;
                } else {
                    carry = 0;
                }
                digits[w * n + i] = d;
            }
        }
        return digits;
    }

    private static void toLimbs(BigInteger s, long[] limbs) {
        if (s.signum() < 0 || s.bitLength() > 64 * (limbs.length - 1)) {
            throw new IllegalArgumentException("msm: scalar out of range");
        }
        if (s.bitLength() < 64) {
            java.util.Arrays.fill(limbs, 0);
            limbs[0] = s.longValue();
            return;
        }
        for (int k = 0; k < limbs.length; k++) {
            limbs[k] = s.shiftRight(64 * k).longValue();
        }
    }

    /** Bits [from, from + c) of the little-endian limbs (zero past the end). */
    private static int bits(long[] limbs, int from, int c) {
        int limb = from >>> 6;
        int shift = from & 63;
        if (limb >= limbs.length) {
            return 0;
        }
        long v = limbs[limb] >>> shift;
        if (shift + c > 64 && limb + 1 < limbs.length) {
            v |= limbs[limb + 1] << (64 - shift);
        }
        return (int) (v & ((1L << c) - 1));
    }
}
