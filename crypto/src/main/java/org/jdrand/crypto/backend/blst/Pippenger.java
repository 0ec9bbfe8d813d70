package org.jdrand.crypto.backend.blst;

import java.math.BigInteger;

/** Window size and digit extraction shared by the G1 and G2 bucket methods. */
final class Pippenger {
    private Pippenger() {}

    /** Window c ≈ log2(n) − 1: balances n bucket additions against 2^(c+1) summing additions per window (measured best at n = 1000, 64-bit weights). */
    static int window(int n) {
        int log = 31 - Integer.numberOfLeadingZeros(n);
        return Math.max(2, Math.min(12, log - 1));
    }

    /** Bits [from, from + c) of a non-negative scalar. */
    static int digit(BigInteger s, int from, int c) {
        int d = 0;
        for (int k = c - 1; k >= 0; k--) {
            d = (d << 1) | (s.testBit(from + k) ? 1 : 0);
        }
        return d;
    }
}
