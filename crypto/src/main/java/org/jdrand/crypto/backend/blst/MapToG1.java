package org.jdrand.crypto.backend.blst;

import java.math.BigInteger;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;
import supranational.blst.P1_Affine;

/**
 * RFC 9380 hash_to_curve for G1 (BLS12381G1_XMD:SHA-256_SSWU_RO_, quicknet's) split in two, on
 * blst's field arithmetic, as {@link MapToG2} does for G2: {@link #hashUncleared} stops before
 * clear_cofactor and returns Q = iso_map(map_to_curve(u₀) + map_to_curve(u₁)), a point of E1
 * generally outside G1; {@link #sumCleared} returns h_eff·Σ rᵢ·Qᵢ = Σ rᵢ·H(mᵢ). blst's hash_to_g1
 * spends about 20 µs of its 50 on the clearing; a batch pays for it once.
 *
 * <p>Each simplified-SWU map takes one square root: blst_fp_sqrt returns g(x₁)^((p+1)/4) even when
 * g(x₁) is not a square, and then that value c has c² = −g(x₁), so the other candidate's root is
 * √g(x₂) = √(Z³u⁶·g(x₁)) = u³·√(−Z³)·c with a constant √(−Z³): no second root, no square test.
 *
 * <p>Variable time: meant for public messages only (round messages, batch weights). Both halves
 * are checked against blst's own hash_to_g1 byte for byte by the tests.
 */
final class MapToG1 extends DeferredMap {
    /** RFC 9380 §8.8.1: h_eff = 1 − z for G1. */
    private static final BigInteger H_EFF = new BigInteger("d201000000010001", 16);

    /** Longs in a blst_p1 (Jacobian X, Y, Z over Fp). */
    static final int P1_LONGS = BlstNative.P1 / 8;

    // RFC 9380 Appendix E.2: the 11-isogeny E1' → E1, k_(1,0..11), k_(2,0..9) (k_(2,10) = 1),
    // k_(3,0..15), k_(4,0..14) (k_(4,15) = 1)
    private static final String[] X_NUM = {
        "11a05f2b1e833340b809101dd99815856b303e88a2d7005ff2627b56cdb4e2c85610c2d5f2e62d6eaeac1662734649b7",
        "17294ed3e943ab2f0588bab22147a81c7c17e75b2f6a8417f565e33c70d1e86b4838f2a6f318c356e834eef1b3cb83bb",
        "d54005db97678ec1d1048c5d10a9a1bce032473295983e56878e501ec68e25c958c3e3d2a09729fe0179f9dac9edcb0",
        "1778e7166fcc6db74e0609d307e55412d7f5e4656a8dbf25f1b33289f1b330835336e25ce3107193c5b388641d9b6861",
        "e99726a3199f4436642b4b3e4118e5499db995a1257fb3f086eeb65982fac18985a286f301e77c451154ce9ac8895d9",
        "1630c3250d7313ff01d1201bf7a74ab5db3cb17dd952799b9ed3ab9097e68f90a0870d2dcae73d19cd13c1c66f652983",
        "d6ed6553fe44d296a3726c38ae652bfb11586264f0f8ce19008e218f9c86b2a8da25128c1052ecaddd7f225a139ed84",
        "17b81e7701abdbe2e8743884d1117e53356de5ab275b4db1a682c62ef0f2753339b7c8f8c8f475af9ccb5618e3f0c88e",
        "80d3cf1f9a78fc47b90b33563be990dc43b756ce79f5574a2c596c928c5d1de4fa295f296b74e956d71986a8497e317",
        "169b1f8e1bcfa7c42e0c37515d138f22dd2ecb803a0c5c99676314baf4bb1b7fa3190b2edc0327797f241067be390c9e",
        "10321da079ce07e272d8ec09d2565b0dfa7dccdde6787f96d50af36003b14866f69b771f8c285decca67df3f1605fb7b",
        "6e08c248e260e70bd1e962381edee3d31d79d7e22c837bc23c0bf1bc24c6b68c24b1b80b64d391fa9c8ba2e8ba2d229",
    };
    private static final String[] X_DEN = {
        "8ca8d548cff19ae18b2e62f4bd3fa6f01d5ef4ba35b48ba9c9588617fc8ac62b558d681be343df8993cf9fa40d21b1c",
        "12561a5deb559c4348b4711298e536367041e8ca0cf0800c0126c2588c48bf5713daa8846cb026e9e5c8276ec82b3bff",
        "b2962fe57a3225e8137e629bff2991f6f89416f5a718cd1fca64e00b11aceacd6a3d0967c94fedcfcc239ba5cb83e19",
        "3425581a58ae2fec83aafef7c40eb545b08243f16b1655154cca8abc28d6fd04976d5243eecf5c4130de8938dc62cd8",
        "13a8e162022914a80a6f1d5f43e7a07dffdfc759a12062bb8d6b44e833b306da9bd29ba81f35781d539d395b3532a21e",
        "e7355f8e4e667b955390f7f0506c6e9395735e9ce9cad4d0a43bcef24b8982f7400d24bc4228f11c02df9a29f6304a5",
        "772caacf16936190f3e0c63e0596721570f5799af53a1894e2e073062aede9cea73b3538f0de06cec2574496ee84a3a",
        "14a7ac2a9d64a8b230b3f5b074cf01996e7f63c21bca68a81996e1cdf9822c580fa5b9489d11e2d311f7d99bbdcc5a5e",
        "a10ecf6ada54f825e920b3dafc7a3cce07f8d1d7161366b74100da67f39883503826692abba43704776ec3a79a1d641",
        "95fc13ab9e92ad4476d6e3eb3a56680f682b4ee96f7d03776df533978f31c1593174e4b4b7865002d6384d168ecdd0a",
    };
    private static final String[] Y_NUM = {
        "90d97c81ba24ee0259d1f094980dcfa11ad138e48a869522b52af6c956543d3cd0c7aee9b3ba3c2be9845719707bb33",
        "134996a104ee5811d51036d776fb46831223e96c254f383d0f906343eb67ad34d6c56711962fa8bfe097e75a2e41c696",
        "cc786baa966e66f4a384c86a3b49942552e2d658a31ce2c344be4b91400da7d26d521628b00523b8dfe240c72de1f6",
        "1f86376e8981c217898751ad8746757d42aa7b90eeb791c09e4a3ec03251cf9de405aba9ec61deca6355c77b0e5f4cb",
        "8cc03fdefe0ff135caf4fe2a21529c4195536fbe3ce50b879833fd221351adc2ee7f8dc099040a841b6daecf2e8fedb",
        "16603fca40634b6a2211e11db8f0a6a074a7d0d4afadb7bd76505c3d3ad5544e203f6326c95a807299b23ab13633a5f0",
        "4ab0b9bcfac1bbcb2c977d027796b3ce75bb8ca2be184cb5231413c4d634f3747a87ac2460f415ec961f8855fe9d6f2",
        "987c8d5333ab86fde9926bd2ca6c674170a05bfe3bdd81ffd038da6c26c842642f64550fedfe935a15e4ca31870fb29",
        "9fc4018bd96684be88c9e221e4da1bb8f3abd16679dc26c1e8b6e6a1f20cabe69d65201c78607a360370e577bdba587",
        "e1bba7a1186bdb5223abde7ada14a23c42a0ca7915af6fe06985e7ed1e4d43b9b3f7055dd4eba6f2bafaaebca731c30",
        "19713e47937cd1be0dfd0b8f1d43fb93cd2fcbcb6caf493fd1183e416389e61031bf3a5cce3fbafce813711ad011c132",
        "18b46a908f36f6deb918c143fed2edcc523559b8aaf0c2462e6bfe7f911f643249d9cdf41b44d606ce07c8a4d0074d8e",
        "b182cac101b9399d155096004f53f447aa7b12a3426b08ec02710e807b4633f06c851c1919211f20d4c04f00b971ef8",
        "245a394ad1eca9b72fc00ae7be315dc757b3b080d4c158013e6632d3c40659cc6cf90ad1c232a6442d9d3f5db980133",
        "5c129645e44cf1102a159f748c4a3fc5e673d81d7e86568d9ab0f5d396a7ce46ba1049b6579afb7866b1e715475224b",
        "15e6be4e990f03ce4ea50b3b42df2eb5cb181d8f84965a3957add4fa95af01b2b665027efec01c7704b456be69c8b604",
    };
    private static final String[] Y_DEN = {
        "16112c4c3a9c98b252181140fad0eae9601a6de578980be6eec3232b5be72e7a07f3688ef60c206d01479253b03663c1",
        "1962d75c2381201e1a0cbd6c43c348b885c84ff731c4d59ca4a10356f453e01f78a4260763529e3532f6102c2e49a03d",
        "58df3306640da276faaae7d6e8eb15778c4855551ae7f310c35a5dd279cd2eca6757cd636f96f891e2538b53dbf67f2",
        "16b7d288798e5395f20d23bf89edb4d1d115c5dbddbcd30e123da489e726af41727364f2c28297ada8d26d98445f5416",
        "be0e079545f43e4b00cc912f8228ddcc6d19c9f0f69bbb0542eda0fc9dec916a20b15dc0fd2ededda39142311a5001d",
        "8d9e5297186db2d9fb266eaac783182b70152c65550d881c5ecd87b6f0f5a6449f38db9dfa9cce202c6477faaf9b7ac",
        "166007c08a99db2fc3ba8734ace9824b5eecfdfa8d0cf8ef5dd365bc400a0051d5fa9c01a58b1fb93d1a1399126a775c",
        "16a3ef08be3ea7ea03bcddfabba6ff6ee5a4375efa1f4fd7feb34fd206357132b920f5b00801dee460ee415a15812ed9",
        "1866c8ed336c61231a1be54fd1d74cc4f9fb0ce4c6af5920abc5750c4bf39b4852cfe2f7bb9248836b233d9d55535d4a",
        "167a55cda70a6e1cea820597d94a84903216f763e13d87bb5308592e7ea7d4fbc7385ea3d529b35e346ef48bb8913f55",
        "4d2f259eea405bd48f010a01ad2911d9c6dd039bb61a6290e591b36e636a5c871a5c29f4f83060400f8b49cba8f6aa8",
        "accbb67481d033ff5852c1e48c50c477f94ff8aefce42d28c0f9a88cea7913516f968986f7ebbea9684b529e2561092",
        "ad6b9514c767fe3c3613144b45f1496543346d98adf02267d5ceef9a00d9b8693000763e3b90ac11e99b138573345cc",
        "2660400eb2e4f3b628bdd0d53cd76f2bf565b94e72927c1cb748df27942480e420517bd8714cc80d1fadc1326ed06f7",
        "e0fa1d816ddc03e6b24255e0d7819c171c40f65e273b853324efcd6356caa205ca2f570f13497804415473a1d634b8f",
    };

    // constants, in one native segment: offsets in Fp units
    private static final int A_ISO = 0;
    private static final int B_ISO = 1;
    private static final int Z = 2;
    private static final int ONE = 3;
    private static final int MINUS_B_OVER_A = 4;
    private static final int B_OVER_ZA = 5;
    private static final int SQRT_MINUS_Z3 = 6;
    private static final int K_X_NUM = 7;
    private static final int K_X_DEN = K_X_NUM + X_NUM.length;
    private static final int K_Y_NUM = K_X_DEN + X_DEN.length;
    private static final int K_Y_DEN = K_Y_NUM + Y_NUM.length;
    private static final int CONSTANTS = K_Y_DEN + Y_DEN.length;

    /** Address of constant {@code i}: {@code constants + i·FP}. */
    private final long constants;
    private final ThreadLocal<Scratch> scratch;

    MapToG1(BlstNative blst) {
        super(blst, Field.fp(blst), NativeCurve.g1(blst), H_EFF);
        constants = memory.allocateForever((long) CONSTANTS * BlstNative.FP);
        set(A_ISO, new BigInteger("144698a3b8e9433d693a02c96d4982b0ea985383ee66a8d8e8981aefd881ac98936f8da0e0f97f5cf428082d584c1d", 16));
        set(B_ISO, new BigInteger("12e2908d11688030018b12e8753eee3b2016c1f0f24f4070a0b9c14fcef35ef55a23215a316ceaa5d1cc48e98e172be0", 16));
        set(Z, BigInteger.valueOf(11));
        set(ONE, BigInteger.ONE);
        setAll(K_X_NUM, X_NUM);
        setAll(K_X_DEN, X_DEN);
        setAll(K_Y_NUM, Y_NUM);
        setAll(K_Y_DEN, Y_DEN);
        sswuConstants(c(MINUS_B_OVER_A), c(B_OVER_ZA), c(A_ISO), c(B_ISO), c(Z));
        // √(−Z³): −Z³ is a square because Z and −1 are not
        set(SQRT_MINUS_Z3, P.subtract(BigInteger.valueOf(11 * 11 * 11)));
        if (!blst.fpSqrt(c(SQRT_MINUS_Z3), c(SQRT_MINUS_Z3))) {
            throw new IllegalStateException("hash to curve: −Z³ not a square in Fp");
        }
        scratch = ThreadLocal.withInitial(() -> new Scratch(memory));
    }

    private long c(int index) {
        return constants + (long) index * BlstNative.FP;
    }

    @Override
    Group group() {
        return Group.G1;
    }

    @Override
    Point point(byte[] uncompressed) {
        return BlstPoint.ofG1(new P1_Affine(uncompressed).to_jacobian());
    }

    /**
     * Q for u₀, u₁ at {@code u}: the two simplified-SWU points added on E1' (affine, one
     * inversion) and mapped once by the isogeny, a homomorphism, where blst's own map does the
     * same; the two maps share one inversion.
     */
    @Override
    long[] mapUncleared(long u) {
        Scratch s = scratch.get();
        long u0 = u;
        long u1 = u + BlstNative.FP;
        long zu0 = s.t(0);
        long zu1 = s.t(1);
        long t0 = s.t(2);
        long t1 = s.t(3);
        denominator(zu0, t0, u0, c(Z));
        denominator(zu1, t1, u1, c(Z));
        invertBoth(t0, t1, s.t(4), s.t(5));
        sswu(s, u0, zu0, t0, s.x0, s.y0);
        sswu(s, u1, zu1, t1, s.x1, s.y1);
        long[] out = new long[P1_LONGS];
        if (add(s)) {
            iso(s, s.point);
            memory.copy(s.point, out);
        } // else the sum is the point at infinity: all zero limbs, as blst has it
        return out;
    }

    /**
     * (s.x0, s.y0) + (s.x1, s.y1) on E1', affine, into (s.x0, s.y0): false when the sum is the
     * point at infinity (x₀ = x₁, y₀ = −y₁). x₀ = x₁ with y₀ = y₁ doubles.
     */
    private boolean add(Scratch s) {
        long lambda = s.t(0);
        long num = s.t(1);
        long den = s.t(2);
        if (equal(s.x0, s.x1)) {
            if (!equal(s.y0, s.y1) || isZero(s.y0)) {
                return false;                            // P + (−P)
            }
            blst.fpSqr(num, s.x0);                       // λ = (3x² + A')/(2y)
            blst.fpAdd(den, num, num);
            blst.fpAdd(num, num, den);
            blst.fpAdd(num, num, c(A_ISO));
            blst.fpAdd(den, s.y0, s.y0);
        } else {
            blst.fpSub(num, s.y1, s.y0);                 // λ = (y₁ − y₀)/(x₁ − x₀)
            blst.fpSub(den, s.x1, s.x0);
        }
        blst.fpEuclInverse(den, den);
        blst.fpMul(lambda, num, den);
        blst.fpSqr(num, lambda);
        blst.fpSub(num, num, s.x0);
        blst.fpSub(num, num, s.x1);                      // x₂ = λ² − x₀ − x₁
        blst.fpSub(den, s.x0, num);
        blst.fpMul(den, den, lambda);
        blst.fpSub(s.y0, den, s.y0);                     // y₂ = λ·(x₀ − x₂) − y₀
        copy(s.x0, num);
        return true;
    }

    /**
     * Simplified SWU onto E1' (RFC 9380 §6.6.2): u → (x, y), affine, with one square root, given
     * zu = Z·u² and tInv = 1/(Z²u⁴ + Zu²) (left 0 in the exceptional case).
     */
    private void sswu(Scratch s, long u, long zu, long tInv, long x, long y) {
        long gx = s.t(4);
        long t = s.t(5);
        firstX(x, tInv, c(MINUS_B_OVER_A), c(B_OVER_ZA), c(ONE), t); // in the exceptional case g(x1) is a square
        curve(gx, x, c(A_ISO), c(B_ISO));
        if (!blst.fpSqrt(y, gx)) {                       // y² = −g(x1): take x2 = Z·u²·x1
            blst.fpMul(x, x, zu);
            blst.fpSqr(t, u);
            blst.fpMul(t, t, u);                         // u³
            blst.fpMul(y, y, t);
            blst.fpMul(y, y, c(SQRT_MINUS_Z3));          // √g(x2) = u³·√(−Z³)·y
        }
        if (sgn0(s, u) != sgn0(s, y)) {
            blst.fpCneg(y, y, true);
        }
    }

    /** {@code out} = Σ k_i·xⁱ over the {@code n} coefficients from constant {@code k}, plus xⁿ if {@code monic}: Horner. */
    private void polynomial(long out, long x, int k, int n, boolean monic) {
        int i = n - 1;
        if (monic) {
            blst.fpAdd(out, x, c(k + i));                // x + k_(n−1)
        } else {
            copy(out, c(k + i));
        }
        for (i--; i >= 0; i--) {
            blst.fpMul(out, out, x);
            blst.fpAdd(out, out, c(k + i));
        }
    }

    /**
     * The 11-isogeny E1' → E1 of (s.x0, s.y0), written to {@code out} in Jacobian coordinates without
     * an inversion: Z = x_den·y_den, X = x_num·x_den·y_den², Y = y·y_num·x_den³·y_den². A zero
     * denominator gives Z = 0, the point at infinity, as the RFC asks.
     */
    private void iso(Scratch s, long out) {
        long xn = s.t(0);
        long xd = s.t(1);
        long yn = s.t(2);
        long yd = s.t(3);
        long t = s.t(4);
        long oX = out;
        long oY = out + BlstNative.FP;
        long oZ = out + 2L * BlstNative.FP;
        polynomial(xn, s.x0, K_X_NUM, X_NUM.length, false);
        polynomial(xd, s.x0, K_X_DEN, X_DEN.length, true);
        polynomial(yn, s.x0, K_Y_NUM, Y_NUM.length, false);
        polynomial(yd, s.x0, K_Y_DEN, Y_DEN.length, true);
        blst.fpMul(oZ, xd, yd);                          // Z = xd·yd
        blst.fpMul(t, oZ, yd);                           // xd·yd²
        blst.fpMul(oX, xn, t);                           // X = xn·xd·yd²
        blst.fpSqr(xn, xd);
        blst.fpMul(t, t, xn);                            // xd³·yd²
        blst.fpMul(oY, yn, t);
        blst.fpMul(oY, oY, s.y0);                        // Y = y·yn·xd³·yd²
    }

    /** RFC 9380 sgn0 for Fp: the parity of the canonical value. */
    private int sgn0(Scratch s, long a) {
        blst.fpFrom(s.canon, a);
        return (int) (memory.getLong(s.canon) & 1);
    }

    private void set(int index, BigInteger value) {
        memory.copy(montgomery(value), c(index));
    }

    private void setAll(int first, String[] hex) {
        for (int i = 0; i < hex.length; i++) {
            set(first + i, new BigInteger(hex[i], 16));
        }
    }

    /** Per-thread native work space (freed once the thread's scratch object is unreachable). */
    private static final class Scratch {
        private static final int TEMPS = 6;
        /** Owns the memory behind every address below. */
        private final ForeignLinker.Block block;
        final long canon;
        /** One blst_p1: the mapped sum. */
        final long point;
        private final long temps;
        final long x0;
        final long y0;
        final long x1;
        final long y1;

        Scratch(ForeignLinker memory) {
            block = memory.allocateBlock(BlstNative.FP + BlstNative.P1 + (TEMPS + 4L) * BlstNative.FP);
            canon = block.address();
            point = canon + BlstNative.FP;
            temps = point + BlstNative.P1;
            x0 = t(TEMPS);
            y0 = t(TEMPS + 1);
            x1 = t(TEMPS + 2);
            y1 = t(TEMPS + 3);
        }

        /** Temp Fp slot {@code i}. */
        long t(int i) {
            return temps + (long) i * BlstNative.FP;
        }
    }
}
