package org.jdrand.crypto.backend.blst;

import java.math.BigInteger;
import java.util.List;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;
import supranational.blst.P2_Affine;

/**
 * RFC 9380 hash_to_curve for G2 (BLS12381G2_XMD:SHA-256_SSWU_RO_) split in two, on blst's field
 * arithmetic: {@link #hashUncleared} stops before clear_cofactor and returns
 * Q = iso_map(map_to_curve(u₀) + map_to_curve(u₁)), a point of E2 that is generally outside G2;
 * {@link #sumCleared} returns clear_cofactor(Σ rᵢ·Qᵢ) = Σ rᵢ·H(mᵢ), the cofactor clearing being a
 * group homomorphism. A batch of n hashes then pays for one clearing instead of n (about half of
 * blst's hash_to_g2 each).
 *
 * <p>Variable time: meant for public messages only (round messages, batch weights). Both halves
 * are checked against blst's own hash_to_g2 byte for byte by the tests.
 */
final class MapToG2 extends DeferredMap {
    /** RFC 9380 §8.8.2: the effective cofactor of G2 (equals Budroni–Pintore's fast clearing). */
    private static final BigInteger H_EFF = new BigInteger("bc69f08f2ee75b3584c6a0ea91b352888e2a8e9145ad7689986ff031508ffe1329c2f178"
            + "731db956d82bf015d1212b02ec0ec69d7477c1ae954cbc06689f6a359894c0adebbf6b4e8020005aaa95551", 16);

    /** Longs in a blst_p2 (Jacobian X, Y, Z over Fp2). */
    static final int P2_LONGS = BlstNative.P2 / 8;

    // constants, in one native segment: offsets in Fp2 units
    private static final int A_ISO = 0;
    private static final int B_ISO = 1;
    private static final int Z = 2;
    private static final int ONE = 3;
    private static final int MINUS_B_OVER_A = 4;
    private static final int B_OVER_ZA = 5;
    private static final int K10 = 6;
    private static final int K11 = 7;
    private static final int K12 = 8;
    private static final int K13 = 9;
    private static final int K20 = 10;
    private static final int K21 = 11;
    private static final int K30 = 12;
    private static final int K31 = 13;
    private static final int K32 = 14;
    private static final int K33 = 15;
    private static final int K40 = 16;
    private static final int K41 = 17;
    private static final int K42 = 18;
    private static final int CONSTANTS = 19;

    /** Address of constant {@code i}: {@code constants + i·FP2}. */
    private final long constants;
    private final ThreadLocal<Scratch> scratch;
    /** Σ of decoded G2 signatures through blst's Pippenger. */
    private final NativeMsm msm;

    MapToG2(BlstNative blst) {
        super(blst, Field.fp2(blst), NativeCurve.g2(blst), H_EFF);
        this.msm = new NativeMsm(NativeCurve.g2(blst), memory);
        constants = memory.allocateForever((long) CONSTANTS * BlstNative.FP2);
        set(A_ISO, "0", "f0");                  // A' = 240·i
        set(B_ISO, "3f4", "3f4");               // B' = 1012·(1 + i)
        set(Z, P.subtract(BigInteger.TWO).toString(16), P.subtract(BigInteger.ONE).toString(16)); // Z = −(2 + i)
        set(ONE, "1", "0");
        set(K10, "5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97d6",
                "5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97d6");
        set(K11, "0", "11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71a");
        set(K12, "11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71e",
                "8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38d");
        set(K13, "171d6541fa38ccfaed6dea691f5fb614cb14b4e7f4e810aa22d6108f142b85757098e38d0f671c7188e2aaaaaaaa5ed1", "0");
        set(K20, "0", P.subtract(BigInteger.valueOf(72)).toString(16));                       // −72·i
        set(K21, "c", P.subtract(BigInteger.valueOf(12)).toString(16));                      // 12 − 12·i
        set(K30, "1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8c92f6812cfc71c71c6d706",
                "1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8c92f6812cfc71c71c6d706");
        set(K31, "0", "5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97be");
        set(K32, "11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71c",
                "8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38f");
        set(K33, "124c9ad43b6cf79bfbf7043de3811ad0761b0f37a1e26286b0e977c69aa274524e79097a56dc4bd9e1b371c71c718b10", "0");
        set(K40, P.subtract(BigInteger.valueOf(432)).toString(16), P.subtract(BigInteger.valueOf(432)).toString(16)); // −432·(1 + i)
        set(K41, "0", P.subtract(BigInteger.valueOf(216)).toString(16));                     // −216·i
        set(K42, "12", P.subtract(BigInteger.valueOf(18)).toString(16));                     // 18 − 18·i
        sswuConstants(c(MINUS_B_OVER_A), c(B_OVER_ZA), c(A_ISO), c(B_ISO), c(Z));
        scratch = ThreadLocal.withInitial(() -> new Scratch(memory));
    }

    private long c(int index) {
        return constants + (long) index * BlstNative.FP2;
    }

    @Override
    Group group() {
        return Group.G2;
    }

    @Override
    Point point(byte[] uncompressed) {
        return BlstPoint.ofG2(new P2_Affine(uncompressed).to_jacobian());
    }

    /** Q for u₀, u₁ at {@code u}: both maps share one inversion, each is mapped by the 3-isogeny, then added. */
    @Override
    long[] mapUncleared(long u) {
        Scratch s = scratch.get();
        long q0 = s.points;
        long q1 = q0 + BlstNative.P2;
        long q = q1 + BlstNative.P2;
        long u1 = u + BlstNative.FP2;
        long zu1 = s.zu + BlstNative.FP2;
        long tInv1 = s.tInv + BlstNative.FP2;
        denominator(s.zu, s.tInv, u, c(Z));
        denominator(zu1, tInv1, u1, c(Z));
        invertBoth(s.tInv, tInv1, s.t(0), s.t(1));
        sswu(s, u, s.zu, s.tInv);
        iso(s, q0);
        sswu(s, u1, zu1, tInv1);
        iso(s, q1);
        blst.p2AddOrDouble(q, q0, q1);
        long[] out = new long[P2_LONGS];
        memory.copy(q, out);
        return out;
    }

    /**
     * Σ weightsᵢ·Pᵢ for points of G2 given in blst's 192-byte uncompressed serialization (cheap to
     * produce from a decoded point, no inversion), as the 192-byte serialization of the sum.
     */
    byte[] sumSerialized(List<byte[]> points, BigInteger[] weights) {
        try (ForeignLinker.Frame temp = memory.frame()) {
            return msm.serialize(msm.sumOfSerialized(points, weights, temp), temp);
        }
    }

    /**
     * Simplified SWU onto E2' (RFC 9380 §6.6.2): u → (s.x, s.y), affine, given zu2 = Z·u² and
     * tInv = 1/(Z²u⁴ + Zu²) (left 0 in the exceptional case).
     */
    private void sswu(Scratch s, long u, long zu2, long tInv) {
        long t = s.t(1);
        long gx = s.t(2);
        long x = s.x;
        long y = s.y;
        firstX(x, tInv, c(MINUS_B_OVER_A), c(B_OVER_ZA), c(ONE), t);
        curve(gx, x, c(A_ISO), c(B_ISO));
        if (!blst.fp2IsSquare(gx)) {
            blst.fp2Mul(x, x, zu2);                      // x2 = Z·u²·x1
            curve(gx, x, c(A_ISO), c(B_ISO));
        }
        if (!blst.fp2Sqrt(y, gx)) {
            throw new IllegalStateException("hash to curve: g(x2) not a square");
        }
        if (sgn0(s, u) != sgn0(s, y)) {
            blst.fp2Cneg(y, y, true);
        }
    }

    /** {@code out} = k3·x³ + k2·x² + k1·x + k0 (Fp2), with {@code t} as scratch. */
    private void cubic(long out, long t, long x, long x2, long x3, long k3, long k2, long k1, long k0) {
        blst.fp2Mul(out, x3, k3);
        blst.fp2Mul(t, x2, k2);
        blst.fp2Add(out, out, t);
        blst.fp2Mul(t, x, k1);
        blst.fp2Add(out, out, t);
        blst.fp2Add(out, out, k0);
    }

    /**
     * The 3-isogeny E2' → E2 (RFC 9380 Appendix E.3) of (s.x, s.y), written to {@code out} in
     * Jacobian coordinates without an inversion: Z = x_den·y_den, X = x_num·x_den·y_den²,
     * Y = y·y_num·x_den³·y_den². A zero denominator gives Z = 0, the point at infinity, as the RFC asks.
     */
    private void iso(Scratch s, long out) {
        long x = s.x;
        long x2 = s.t(0);
        long x3 = s.t(1);
        long xn = s.t(2);
        long xd = s.t(3);
        long yn = s.t(4);
        long yd = s.t(5);
        long t = s.t(6);
        long oX = out;
        long oY = out + BlstNative.FP2;
        long oZ = out + 2L * BlstNative.FP2;
        blst.fp2Sqr(x2, x);
        blst.fp2Mul(x3, x2, x);
        cubic(xn, t, x, x2, x3, c(K13), c(K12), c(K11), c(K10)); // x_num
        // x_den = x² + k21·x + k20
        blst.fp2Mul(xd, x, c(K21));
        blst.fp2Add(xd, xd, x2);
        blst.fp2Add(xd, xd, c(K20));
        cubic(yn, t, x, x2, x3, c(K33), c(K32), c(K31), c(K30)); // y_num
        // y_den = x³ + k42·x² + k41·x + k40
        blst.fp2Mul(yd, x2, c(K42));
        blst.fp2Add(yd, yd, x3);
        blst.fp2Mul(t, x, c(K41));
        blst.fp2Add(yd, yd, t);
        blst.fp2Add(yd, yd, c(K40));
        blst.fp2Mul(oZ, xd, yd);                         // Z = xd·yd
        blst.fp2Mul(t, oZ, yd);                          // xd·yd²
        blst.fp2Mul(oX, xn, t);                          // X = xn·xd·yd²
        blst.fp2Sqr(x2, xd);
        blst.fp2Mul(t, t, x2);                           // xd³·yd²
        blst.fp2Mul(oY, yn, t);
        blst.fp2Mul(oY, oY, s.y);                        // Y = y·yn·xd³·yd²
    }

    /** RFC 9380 sgn0 for Fp2: the parity of the real part, or of the imaginary part when the real part is 0. */
    private int sgn0(Scratch s, long a) {
        blst.fpFrom(s.canon, a);
        long lo = memory.getLong(s.canon);
        boolean zero = true;
        for (int i = 0; i < 6; i++) {
            zero &= memory.getLong(s.canon + 8L * i) == 0;
        }
        if (!zero) {
            return (int) (lo & 1);
        }
        blst.fpFrom(s.canon, a + BlstNative.FP);
        return (int) (memory.getLong(s.canon) & 1);
    }

    private void set(int index, String realHex, String imaginaryHex) {
        memory.copy(montgomery(new BigInteger(realHex, 16)), c(index));
        memory.copy(montgomery(new BigInteger(imaginaryHex, 16)), c(index) + BlstNative.FP);
    }

    /** Per-thread native work space (freed once the thread's scratch object is unreachable). */
    private static final class Scratch {
        private static final int TEMPS = 8;
        /** Owns the memory behind every address below. */
        private final ForeignLinker.Block block;
        final long canon;
        /** Three blst_p2: the two mapped points and their sum. */
        final long points;
        private final long temps;
        final long x;
        final long y;
        /** Z·u₀², Z·u₁²: two slots. */
        final long zu;
        /** Their denominators, then the denominators' inverses: two slots. */
        final long tInv;

        Scratch(ForeignLinker memory) {
            block = memory.allocateBlock(BlstNative.FP + 3L * BlstNative.P2 + (TEMPS + 6L) * BlstNative.FP2);
            canon = block.address();
            points = canon + BlstNative.FP;
            temps = points + 3L * BlstNative.P2;
            x = t(TEMPS);
            y = t(TEMPS + 1);
            zu = t(TEMPS + 2);
            tInv = t(TEMPS + 4);
        }

        /** Temp Fp2 slot {@code i}. */
        long t(int i) {
            return temps + (long) i * BlstNative.FP2;
        }
    }
}
