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
final class MapToG2 implements DeferredMap {
    private static final BigInteger P = new BigInteger(
            "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab", 16);
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

    private final BlstNative blst;
    private final ForeignLinker memory;
    /** Address of constant {@code i}: {@code constants + i·FP2}. */
    private final long constants;
    private final long hEff;
    private final ThreadLocal<Scratch> scratch;
    private final NativeMsm msm;

    MapToG2(BlstNative blst) {
        this.blst = blst;
        this.memory = blst.memory();
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
        // −B/A and B/(Z·A), the SSWU constants (RFC 9380 §6.6.2)
        long inv = c(MINUS_B_OVER_A);
        blst.fp2EuclInverse(inv, c(A_ISO));
        blst.fp2Mul(inv, inv, c(B_ISO));
        blst.fp2Cneg(inv, inv, true);
        long z = c(B_OVER_ZA);
        blst.fp2Mul(z, c(Z), c(A_ISO));
        blst.fp2EuclInverse(z, z);
        blst.fp2Mul(z, z, c(B_ISO));
        hEff = memory.allocateForever(80);
        memory.copy(NativeMsm.littleEndian(H_EFF, 80), hEff);
        scratch = ThreadLocal.withInitial(() -> new Scratch(memory));
    }

    private long c(int index) {
        return constants + (long) index * BlstNative.FP2;
    }

    @Override
    public Group group() {
        return Group.G2;
    }

    /** Q for {@code message}: the RFC 9380 hash to G2 before clear_cofactor, as a blst_p2 in 36 longs. */
    @Override
    public long[] hashUncleared(byte[] message, byte[] dst) {
        if (dst.length > MAX_DST) {
            throw new IllegalArgumentException("hash to curve: dst longer than 255 bytes");
        }
        Scratch s = scratch.get();
        try (ForeignLinker.Frame temp = message.length <= Scratch.MSG ? null : memory.frame()) {
            long msg = temp == null ? s.msg : temp.allocate(message.length);
            memory.copy(message, msg);
            memory.copy(dst, s.dst);
            blst.expandMessageXmd(s.uniform, 256, msg, message.length, s.dst, dst.length);
            // hash_to_field: four 64-byte chunks reduced mod p: u0 = (e0, e1), u1 = (e2, e3)
            for (int i = 0; i < 4; i++) {
                blst.fpFromBeBytes(s.u + (long) i * BlstNative.FP, s.uniform + 64L * i, 64);
            }
        }
        return mapUncleared(s);
    }

    /**
     * Q for u₀, u₁ given as Montgomery limbs (12 each, real part first): the tests' entry, for
     * chosen u (u = 0 is the map's exceptional case, which a hash practically never meets).
     */
    long[] mapUncleared(long[] u0, long[] u1) {
        Scratch s = scratch.get();
        memory.copy(u0, s.u);
        memory.copy(u1, s.u + BlstNative.FP2);
        return mapUncleared(s);
    }

    /** Q for the field elements u₀, u₁ at s.u; both maps share one inversion (Montgomery's trick). */
    private long[] mapUncleared(Scratch s) {
        long q0 = s.points;
        long q1 = q0 + BlstNative.P2;
        long q = q1 + BlstNative.P2;
        long u1 = s.u + BlstNative.FP2;
        long zu1 = s.zu + BlstNative.FP2;
        long tInv1 = s.tInv + BlstNative.FP2;
        denominator(s.zu, s.tInv, s.u);
        denominator(zu1, tInv1, u1);
        // 1/t₀ and 1/t₁ with one inversion (Montgomery's trick); a zero t is the exceptional case
        if (!isZeroFp2(s.tInv) && !isZeroFp2(tInv1)) {
            long m = s.t(0);
            long inv = s.t(1);
            blst.fp2Mul(m, s.tInv, tInv1);
            blst.fp2EuclInverse(inv, m);
            blst.fp2Mul(m, inv, tInv1);                  // 1/t₀
            blst.fp2Mul(tInv1, inv, s.tInv);             // 1/t₁
            copy(s.tInv, m, s);
        } else {
            invertUnlessZero(s.tInv);
            invertUnlessZero(tInv1);
        }
        sswu(s, s.u, s.zu, s.tInv);
        iso(s, q0);
        sswu(s, u1, zu1, tInv1);
        iso(s, q1);
        blst.p2AddOrDouble(q, q0, q1);
        long[] out = new long[P2_LONGS];
        memory.copy(q, out);
        return out;
    }

    /** clear_cofactor(Q) = h_eff·Q. */
    @Override
    public Point clear(long[] q) {
        try (ForeignLinker.Frame temp = memory.frame()) {
            long in = temp.allocate(BlstNative.P2);
            memory.copy(q, in);
            return point(clearAndSerialize(in, temp));
        }
    }

    /**
     * clear_cofactor(Σ weightsᵢ·Qᵢ) (= Σ weightsᵢ·H(mᵢ)), through blst's Pippenger (its bucket
     * formulas hold on all of E2, not only G2).
     */
    @Override
    public Point sumCleared(List<long[]> qs, BigInteger[] weights) {
        try (ForeignLinker.Frame temp = memory.frame()) {
            return point(clearAndSerialize(msm.sumOfJacobian(qs, weights, temp), temp));
        }
    }

    private static Point point(byte[] uncompressed) {
        return BlstPoint.ofG2(new P2_Affine(uncompressed).to_jacobian());
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

    private byte[] clearAndSerialize(long point, ForeignLinker.Frame temp) {
        long cleared = temp.allocate(BlstNative.P2);
        long out = temp.allocate(BlstNative.P2_AFFINE);
        blst.p2UncheckedMult(cleared, point, hEff, H_EFF.bitLength());
        blst.p2Serialize(out, cleared);
        byte[] bytes = new byte[BlstNative.P2_AFFINE];
        memory.copy(out, bytes);
        return bytes;
    }

    /** zu = Z·u², t = Z²·u⁴ + Z·u²: the denominator of x₁, 0 in the exceptional case. */
    private void denominator(long zu, long t, long u) {
        blst.fp2Sqr(zu, u);
        blst.fp2Mul(zu, zu, c(Z));
        blst.fp2Sqr(t, zu);
        blst.fp2Add(t, t, zu);
    }

    private void invertUnlessZero(long t) {
        if (!isZeroFp2(t)) {
            blst.fp2EuclInverse(t, t);
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
        if (isZeroFp2(tInv)) {
            copy(x, c(B_OVER_ZA), s);                    // exceptional case: x1 = B/(Z·A)
        } else {
            blst.fp2Add(t, tInv, c(ONE));
            blst.fp2Mul(x, t, c(MINUS_B_OVER_A));        // x1 = (−B/A)·(1 + 1/(Z²u⁴ + Zu²))
        }
        curve(gx, x);
        if (!blst.fp2IsSquare(gx)) {
            blst.fp2Mul(x, x, zu2);                      // x2 = Z·u²·x1
            curve(gx, x);
        }
        if (!blst.fp2Sqrt(y, gx)) {
            throw new IllegalStateException("hash to curve: g(x2) not a square");
        }
        if (sgn0(s, u) != sgn0(s, y)) {
            blst.fp2Cneg(y, y, true);
        }
    }

    /** gx = x³ + A'·x + B'. */
    private void curve(long gx, long x) {
        blst.fp2Sqr(gx, x);
        blst.fp2Add(gx, gx, c(A_ISO));
        blst.fp2Mul(gx, gx, x);
        blst.fp2Add(gx, gx, c(B_ISO));
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

    /** Whether the Fp2 element at {@code fp2} is 0 (Montgomery form keeps 0 as all-zero limbs). */
    private boolean isZeroFp2(long fp2) {
        for (int i = 0; i < 12; i++) {
            if (memory.getLong(fp2 + 8L * i) != 0) {
                return false;
            }
        }
        return true;
    }

    private void copy(long to, long from, Scratch s) {
        blst.fp2Add(to, from, s.zero); // to = from + 0: a copy through blst
    }

    private void set(int index, String realHex, String imaginaryHex) {
        memory.copy(montgomery(new BigInteger(realHex, 16)), c(index));
        memory.copy(montgomery(new BigInteger(imaginaryHex, 16)), c(index) + BlstNative.FP);
    }

    /** a·2³⁸⁴ mod p as 6 little-endian limbs: blst's Montgomery form. */
    static long[] montgomery(BigInteger a) {
        BigInteger m = a.shiftLeft(384).mod(P);
        long[] limbs = new long[6];
        for (int i = 0; i < 6; i++) {
            limbs[i] = m.shiftRight(64 * i).longValue();
        }
        return limbs;
    }

    /** Per-thread native work space (freed once the thread's scratch object is unreachable). */
    private static final class Scratch {
        static final int MSG = 256;
        private static final int TEMPS = 8;
        /** Owns the memory behind every address below. */
        private final ForeignLinker.Block block;
        final long uniform;
        final long msg;
        final long dst;
        final long canon;
        final long points;
        private final long temps;
        final long u;
        final long x;
        final long y;
        final long zero;
        final long zu;
        final long tInv;

        Scratch(ForeignLinker memory) {
            long size = 256 + MSG + 256 + BlstNative.FP + 3L * BlstNative.P2 + (TEMPS + 9L) * BlstNative.FP2;
            block = memory.allocateBlock(size);
            long o = block.address();
            uniform = o;
            o += 256;
            msg = o;
            o += MSG;
            dst = o;
            o += 256;
            canon = o;
            o += BlstNative.FP;
            points = o;
            o += 3L * BlstNative.P2;
            temps = o;
            u = temps + (long) TEMPS * BlstNative.FP2;            // u0, u1: two slots
            x = temps + (TEMPS + 2L) * BlstNative.FP2;
            y = temps + (TEMPS + 3L) * BlstNative.FP2;
            zero = temps + (TEMPS + 4L) * BlstNative.FP2;         // stays 0
            zu = temps + (TEMPS + 5L) * BlstNative.FP2;           // Z·u₀², Z·u₁²: two slots
            tInv = temps + (TEMPS + 7L) * BlstNative.FP2;         // their denominators' inverses: two slots
        }

        /** Temp Fp2 slot {@code i}. */
        long t(int i) {
            return temps + (long) i * BlstNative.FP2;
        }
    }
}
