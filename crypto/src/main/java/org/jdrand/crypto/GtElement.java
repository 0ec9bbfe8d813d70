package org.jdrand.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;

/**
 * An element of GT, the target group of the BLS12-381 pairing (a subgroup of Fp12), as the
 * 576-byte encoding drand's timelock hashes: kyber's and tlock-js's {@code fp12ToBytes}, the
 * twelve Fp coefficients 48 bytes big-endian each, highest first. With the tower
 * Fp12 = Fp6[w], Fp6 = Fp2[v], Fp2 = Fp[u] that is c1.c2.c1, c1.c2.c0, c1.c1.c1, … , c0.c0.c0.
 * Immutable; made by {@link BlsBackend#pairing}.
 */
public final class GtElement {
    public static final int FP_BYTES = 48;
    public static final int BYTES = 12 * FP_BYTES;

    /** The field modulus p of BLS12-381. */
    static final BigInteger P = new BigInteger(
            "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab", 16);

    /** The identity of GT (what a pairing with the point at infinity gives). */
    public static final GtElement ONE = fromCoefficients(one());

    private final byte[] bytes;

    private GtElement(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * From the twelve Fp coefficients, lowest first: index {@code 6·j + 2·i + t} is the
     * coefficient of u^t in the Fp2 coefficient of v^i in the Fp6 coefficient of w^j.
     */
    public static GtElement fromCoefficients(BigInteger[] coefficients) {
        if (coefficients == null || coefficients.length != 12) {
            throw new IllegalArgumentException("gt: " + (coefficients == null ? "null" : coefficients.length) + " coefficients (expected 12)");
        }
        byte[] out = new byte[BYTES];
        for (int k = 0; k < 12; k++) {
            BigInteger c = coefficients[k];
            if (c.signum() < 0 || c.compareTo(P) >= 0) {
                throw new IllegalArgumentException("gt: coefficient " + k + " not in [0, p)");
            }
            byte[] raw = c.toByteArray();
            int n = Math.min(raw.length, FP_BYTES);
            // highest index first
            System.arraycopy(raw, raw.length - n, out, (11 - k) * FP_BYTES + FP_BYTES - n, n);
        }
        return new GtElement(out);
    }

    /** The coefficient of index {@code 6·j + 2·i + t} (see {@link #fromCoefficients}). */
    public BigInteger coefficient(int index) {
        if (index < 0 || index > 11) {
            throw new IndexOutOfBoundsException("gt: coefficient " + index + " (expected 0..11)");
        }
        byte[] c = new byte[FP_BYTES];
        System.arraycopy(bytes, (11 - index) * FP_BYTES, c, 0, FP_BYTES);
        return new BigInteger(1, c);
    }

    /** The 576-byte encoding, highest coefficient first (a fresh copy). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    public boolean isOne() {
        return equals(ONE);
    }

    private static BigInteger[] one() {
        BigInteger[] c = new BigInteger[12];
        java.util.Arrays.fill(c, BigInteger.ZERO);
        c[0] = BigInteger.ONE;
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GtElement g && MessageDigest.isEqual(g.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes);
    }

    /** Short: a GT value may be a session secret (timelock's e(U, σ)), so only 8 hex characters. */
    @Override
    public String toString() {
        return "GT[" + Hex.shortHex(bytes) + "]";
    }
}
