package org.jdrand.crypto.backend;

import java.math.BigInteger;
import org.jdrand.crypto.Group;

/**
 * Test-side construction of compressed encodings from coordinates, independent of both backends:
 * expected outputs of RFC 9380 vectors and invalid points (off the curve, outside the subgroup).
 */
public final class Points {
    public static final BigInteger P = ZcashEncoding.P;
    private static final BigInteger HALF = P.subtract(BigInteger.ONE).shiftRight(1);

    private Points() {}

    /** ZCash-compressed G1 point (x, y). */
    public static byte[] compressG1(BigInteger x, BigInteger y) {
        byte[] out = fp(x);
        out[0] |= (byte) (0x80 | (y.compareTo(HALF) > 0 ? 0x20 : 0));
        return out;
    }

    /** ZCash-compressed G2 point: x.c1 ‖ x.c0 with the sort bit from y (c1 first, c0 if c1 = 0). */
    public static byte[] compressG2(BigInteger xc0, BigInteger xc1, BigInteger yc0, BigInteger yc1) {
        byte[] out = new byte[96];
        System.arraycopy(fp(xc1), 0, out, 0, 48);
        System.arraycopy(fp(xc0), 0, out, 48, 48);
        boolean larger = yc1.signum() != 0 ? yc1.compareTo(HALF) > 0 : yc0.compareTo(HALF) > 0;
        out[0] |= (byte) (0x80 | (larger ? 0x20 : 0));
        return out;
    }

    /** 48-byte big-endian field element (no flags). */
    public static byte[] fp(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[48];
        int n = Math.min(raw.length, 48);
        System.arraycopy(raw, raw.length - n, out, 48 - n, n);
        return out;
    }

    /** Whether a ∈ Fp is a square (Euler's criterion). */
    public static boolean isSquare(BigInteger a) {
        a = a.mod(P);
        return a.signum() == 0 || a.modPow(HALF, P).equals(BigInteger.ONE);
    }

    /** Whether x³ + 4 is a square, i.e. x is the abscissa of a point of E(Fp). */
    public static boolean g1HasPoint(BigInteger x) {
        return isSquare(x.pow(3).add(BigInteger.valueOf(4)));
    }

    /**
     * Whether x = c0 + c1·u is the abscissa of a point of E'(Fp²): x³ + 4(1 + u) is a square in
     * Fp² iff its norm a0² + a1² is a square in Fp.
     */
    public static boolean g2HasPoint(BigInteger c0, BigInteger c1) {
        // (c0 + c1 u)^2 = (c0² − c1²) + 2 c0 c1 u, with u² = −1
        BigInteger s0 = c0.multiply(c0).subtract(c1.multiply(c1)).mod(P);
        BigInteger s1 = c0.multiply(c1).shiftLeft(1).mod(P);
        BigInteger t0 = s0.multiply(c0).subtract(s1.multiply(c1)).mod(P);
        BigInteger t1 = s0.multiply(c1).add(s1.multiply(c0)).mod(P);
        BigInteger a0 = t0.add(BigInteger.valueOf(4)).mod(P);
        BigInteger a1 = t1.add(BigInteger.valueOf(4)).mod(P);
        return isSquare(a0.multiply(a0).add(a1.multiply(a1)));
    }

    /** A compressed encoding with abscissa x (and the given sort bit), without any check. */
    public static byte[] withX(Group group, BigInteger c0, BigInteger c1, boolean sort) {
        byte[] out;
        if (group == Group.G1) {
            out = fp(c0);
        } else {
            out = new byte[96];
            System.arraycopy(fp(c1), 0, out, 0, 48);
            System.arraycopy(fp(c0), 0, out, 48, 48);
        }
        out[0] |= (byte) (0x80 | (sort ? 0x20 : 0));
        return out;
    }

    /**
     * a + b for compressed points of E1 (either may lie outside G1, neither infinity, a ≠ ±b),
     * by affine addition in Fp: blst's uncompress refuses some points outside G1, e.g. (0, 2).
     */
    public static byte[] addG1(byte[] a, byte[] b) {
        BigInteger[] p1 = decompressG1(a);
        BigInteger[] p2 = decompressG1(b);
        BigInteger lambda = p2[1].subtract(p1[1]).multiply(p2[0].subtract(p1[0]).modInverse(P)).mod(P);
        BigInteger x3 = lambda.multiply(lambda).subtract(p1[0]).subtract(p2[0]).mod(P);
        BigInteger y3 = lambda.multiply(p1[0].subtract(x3)).subtract(p1[1]).mod(P);
        return compressG1(x3, y3);
    }

    /** (x, y) of a compressed point of E1 (not infinity; no subgroup check). */
    public static BigInteger[] decompressG1(byte[] c) {
        byte[] xb = c.clone();
        xb[0] &= 0x1f;
        BigInteger x = new BigInteger(1, xb);
        BigInteger y = x.pow(3).add(BigInteger.valueOf(4)).mod(P).modPow(P.add(BigInteger.ONE).shiftRight(2), P); // p ≡ 3 mod 4
        if ((y.compareTo(HALF) > 0) != ((c[0] & 0x20) != 0)) {
            y = P.subtract(y);
        }
        return new BigInteger[] {x, y};
    }
}
