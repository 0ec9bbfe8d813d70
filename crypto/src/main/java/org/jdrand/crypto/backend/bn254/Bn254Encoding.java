package org.jdrand.crypto.backend.bn254;

import org.jdrand.crypto.InvalidEncodingException;

/**
 * drand's (kyber's) encoding of BN254 points: uncompressed big-endian affine coordinates, G1 as
 * x ‖ y (64 bytes), G2 as x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0 (128 bytes, imaginary part first, as in
 * EIP-197); all zeros is the point at infinity. Decoding checks length, canonical coordinates,
 * the curve equation and, for G2, the order-r subgroup (G1's cofactor is 1).
 */
final class Bn254Encoding {
    static final int G1_BYTES = 64;
    static final int G2_BYTES = 128;

    private Bn254Encoding() {}

    static G1 decodeG1(byte[] b) {
        if (b == null || b.length != G1_BYTES) {
            throw new InvalidEncodingException("bn254 g1 point: length " + (b == null ? "null" : b.length) + " (expected 64)");
        }
        if (allZero(b)) {
            return G1.INFINITY;
        }
        Fp x = coordinate(b, 0, "bn254 g1 point: x");
        Fp y = coordinate(b, 32, "bn254 g1 point: y");
        if (!G1.isOnCurve(x, y)) {
            throw new InvalidEncodingException("bn254 g1 point: not on the curve y^2 = x^3 + 3");
        }
        return G1.affine(x, y);
    }

    static G2 decodeG2(byte[] b) {
        if (b == null || b.length != G2_BYTES) {
            throw new InvalidEncodingException("bn254 g2 point: length " + (b == null ? "null" : b.length) + " (expected 128)");
        }
        if (allZero(b)) {
            return G2.INFINITY;
        }
        Fp2 x = new Fp2(coordinate(b, 32, "bn254 g2 point: x.c0"), coordinate(b, 0, "bn254 g2 point: x.c1"));
        Fp2 y = new Fp2(coordinate(b, 96, "bn254 g2 point: y.c0"), coordinate(b, 64, "bn254 g2 point: y.c1"));
        if (!G2.isOnCurve(x, y)) {
            throw new InvalidEncodingException("bn254 g2 point: not on the twist curve y^2 = x^3 + 3/(9+u)");
        }
        G2 p = G2.affine(x, y);
        if (!p.isInSubgroup()) {
            throw new InvalidEncodingException("bn254 g2 point: not in the order-r subgroup");
        }
        return p;
    }

    static byte[] encode(G1 p) {
        byte[] out = new byte[G1_BYTES];
        if (!p.isInfinity()) {
            Fp[] a = p.toAffine();
            a[0].toBytes(out, 0);
            a[1].toBytes(out, 32);
        }
        return out;
    }

    static byte[] encode(G2 p) {
        byte[] out = new byte[G2_BYTES];
        if (!p.isInfinity()) {
            Fp2[] a = p.toAffine();
            a[0].c1.toBytes(out, 0);
            a[0].c0.toBytes(out, 32);
            a[1].c1.toBytes(out, 64);
            a[1].c0.toBytes(out, 96);
        }
        return out;
    }

    private static Fp coordinate(byte[] b, int off, String what) {
        Fp v = Fp.fromBytesCanonical(b, off);
        if (v == null) {
            throw new InvalidEncodingException(what + " coordinate not below the field modulus p");
        }
        return v;
    }

    private static boolean allZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }
}
