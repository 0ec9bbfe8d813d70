package org.jdrand.crypto.backend.blst;

import java.math.BigInteger;
import java.util.List;
import jdk.incubator.foreign.MemoryAccess;
import jdk.incubator.foreign.MemoryAddress;
import jdk.incubator.foreign.MemorySegment;
import jdk.incubator.foreign.ResourceScope;

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
final class MapToG2 {
    private static final BigInteger P = new BigInteger(
            "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab", 16);
    /** RFC 9380 §8.8.2: the effective cofactor of G2 (equals Budroni–Pintore's fast clearing). */
    private static final BigInteger H_EFF = new BigInteger("bc69f08f2ee75b3584c6a0ea91b352888e2a8e9145ad7689986ff031508ffe1329c2f178"
            + "731db956d82bf015d1212b02ec0ec69d7477c1ae954cbc06689f6a359894c0adebbf6b4e8020005aaa95551", 16);

    /** Longer DSTs are hashed first (RFC 9380 §5.3.3): not done here, callers use blst's complete hash. */
    static final int MAX_DST = 255;

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
    private final MemorySegment constants;
    private final MemoryAddress[] c = new MemoryAddress[CONSTANTS];
    private final MemorySegment hEff;
    private final ThreadLocal<Scratch> scratch;

    MapToG2(BlstNative blst) {
        this.blst = blst;
        ResourceScope global = ResourceScope.globalScope();
        constants = MemorySegment.allocateNative((long) CONSTANTS * BlstNative.FP2, 8, global);
        for (int i = 0; i < CONSTANTS; i++) {
            c[i] = constants.address().addOffset((long) i * BlstNative.FP2);
        }
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
        MemoryAddress inv = c[MINUS_B_OVER_A];
        fp2(blst.fp2EuclInverse, inv, c[A_ISO]);
        fp2(blst.fp2Mul, inv, inv, c[B_ISO]);
        fp2(blst.fp2Cneg, inv, inv, (byte) 1);
        MemoryAddress z = c[B_OVER_ZA];
        fp2(blst.fp2Mul, z, c[Z], c[A_ISO]);
        fp2(blst.fp2EuclInverse, z, z);
        fp2(blst.fp2Mul, z, z, c[B_ISO]);
        hEff = MemorySegment.allocateNative(80, 8, global);
        byte[] le = littleEndian(H_EFF, 80);
        hEff.copyFrom(MemorySegment.ofArray(le));
        scratch = ThreadLocal.withInitial(Scratch::new);
    }

    /** Q for {@code message}: the RFC 9380 hash to G2 before clear_cofactor, as a blst_p2 in 36 longs. */
    long[] hashUncleared(byte[] message, byte[] dst) {
        if (dst.length > MAX_DST) {
            throw new IllegalArgumentException("hash to curve: dst longer than 255 bytes");
        }
        Scratch s = scratch.get();
        MemorySegment msg = message.length <= Scratch.MSG ? s.msg : null;
        try (ResourceScope temp = msg == null ? ResourceScope.newConfinedScope() : null) {
            if (msg == null) {
                msg = MemorySegment.allocateNative(message.length, temp);
            }
            msg.asSlice(0, message.length).copyFrom(MemorySegment.ofArray(message));
            s.dst.asSlice(0, dst.length).copyFrom(MemorySegment.ofArray(dst));
            MemoryAddress uniform = s.uniform.address();
            blst.expandMessageXmd.invokeExact(uniform, 256L, msg.address(), (long) message.length, s.dst.address(), (long) dst.length);
            // hash_to_field: four 64-byte chunks reduced mod p: u0 = (e0, e1), u1 = (e2, e3)
            for (int i = 0; i < 4; i++) {
                blst.fpFromBeBytes.invokeExact(s.u.addOffset((long) i * BlstNative.FP), uniform.addOffset(64L * i), 64L);
            }
        } catch (Throwable t) {
            throw BlstNative.rethrow(t);
        }
        MemoryAddress q0 = s.points.address();
        MemoryAddress q1 = q0.addOffset(BlstNative.P2);
        MemoryAddress q = q1.addOffset(BlstNative.P2);
        sswu(s, s.u);
        iso(s, q0);
        sswu(s, s.u.addOffset(BlstNative.FP2));
        iso(s, q1);
        try {
            blst.p2AddOrDouble.invokeExact(q, q0, q1);
        } catch (Throwable t) {
            throw BlstNative.rethrow(t);
        }
        long[] out = new long[P2_LONGS];
        MemorySegment.ofArray(out).copyFrom(s.points.asSlice(2L * BlstNative.P2, BlstNative.P2));
        return out;
    }

    /** clear_cofactor(Q) = h_eff·Q as the 192-byte uncompressed serialization of the affine point. */
    byte[] clear(long[] q) {
        try (ResourceScope temp = ResourceScope.newConfinedScope()) {
            MemorySegment in = MemorySegment.allocateNative(BlstNative.P2, 8, temp);
            in.copyFrom(MemorySegment.ofArray(q));
            return clearAndSerialize(in, temp);
        }
    }

    /**
     * clear_cofactor(Σ weightsᵢ·Qᵢ) (= Σ weightsᵢ·H(mᵢ)), as the 192-byte uncompressed
     * serialization, through blst's Pippenger (its bucket formulas hold on all of E2, not only G2).
     */
    byte[] sumCleared(List<long[]> qs, BigInteger[] weights) {
        int n = qs.size();
        int nbits = maxBits(weights);
        int nbytes = (nbits + 7) / 8;
        try (ResourceScope temp = ResourceScope.newConfinedScope()) {
            // skip infinities (Z = 0): batch inversion would turn every point into garbage
            MemorySegment jac = MemorySegment.allocateNative((long) n * BlstNative.P2, 8, temp);
            MemorySegment sc = MemorySegment.allocateNative((long) Math.max(1, n) * nbytes, 8, temp);
            int m = 0;
            for (int i = 0; i < n; i++) {
                long[] q = qs.get(i);
                if (isInfinity(q) || weights[i].signum() == 0) {
                    continue;
                }
                jac.asSlice((long) m * BlstNative.P2, BlstNative.P2).copyFrom(MemorySegment.ofArray(q));
                sc.asSlice((long) m * nbytes, nbytes).copyFrom(MemorySegment.ofArray(littleEndian(weights[i], nbytes)));
                m++;
            }
            MemorySegment sum = MemorySegment.allocateNative(BlstNative.P2, 8, temp);
            if (m == 0) {
                return clearAndSerialize(sum, temp); // zero-filled: infinity
            }
            MemorySegment affine = MemorySegment.allocateNative((long) m * BlstNative.P2_AFFINE, 8, temp);
            blst.p2sToAffine.invokeExact(affine.address(), contiguous(jac, temp).address(), (long) m);
            pippenger(sum, affine, sc, m, nbits, temp);
            return clearAndSerialize(sum, temp);
        } catch (Throwable t) {
            throw BlstNative.rethrow(t);
        }
    }

    /**
     * Σ weightsᵢ·Pᵢ for points of G2 given in blst's 192-byte uncompressed serialization (cheap to
     * produce from a decoded point, no inversion), as the 192-byte serialization of the sum.
     */
    byte[] sumSerialized(List<byte[]> points, BigInteger[] weights) {
        int n = points.size();
        int nbits = maxBits(weights);
        int nbytes = (nbits + 7) / 8;
        try (ResourceScope temp = ResourceScope.newConfinedScope()) {
            MemorySegment in = MemorySegment.allocateNative(BlstNative.P2_AFFINE, 8, temp);
            MemorySegment affine = MemorySegment.allocateNative((long) Math.max(1, n) * BlstNative.P2_AFFINE, 8, temp);
            MemorySegment sc = MemorySegment.allocateNative((long) Math.max(1, n) * nbytes, 8, temp);
            int m = 0;
            for (int i = 0; i < n; i++) {
                byte[] p = points.get(i);
                if ((p[0] & 0x40) != 0 || weights[i].signum() == 0) {
                    continue; // infinity or nothing to add
                }
                in.copyFrom(MemorySegment.ofArray(p));
                MemoryAddress slot = affine.address().addOffset((long) m * BlstNative.P2_AFFINE);
                if ((int) blst.p2Deserialize.invokeExact(slot, in.address()) != 0) {
                    throw new IllegalArgumentException("msm: point " + i + " does not deserialize");
                }
                sc.asSlice((long) m * nbytes, nbytes).copyFrom(MemorySegment.ofArray(littleEndian(weights[i], nbytes)));
                m++;
            }
            MemorySegment sum = MemorySegment.allocateNative(BlstNative.P2, 8, temp);
            if (m > 0) {
                pippenger(sum, affine, sc, m, nbits, temp);
            }
            MemorySegment out = MemorySegment.allocateNative(BlstNative.P2_AFFINE, 8, temp);
            blst.p2Serialize.invokeExact(out.address(), sum.address());
            return out.toByteArray();
        } catch (Throwable t) {
            throw BlstNative.rethrow(t);
        }
    }

    /** Bits of the largest weight (at least 1); weights must not be negative. */
    private static int maxBits(BigInteger[] weights) {
        int nbits = 1;
        for (BigInteger w : weights) {
            if (w.signum() < 0) {
                throw new IllegalArgumentException("msm: negative weight");
            }
            nbits = Math.max(nbits, w.bitLength());
        }
        return nbits;
    }

    /** {@code sum} = Σ of m affine points (contiguous) times their nbits-bit little-endian scalars (contiguous). */
    private void pippenger(MemorySegment sum, MemorySegment affine, MemorySegment sc, int m, int nbits, ResourceScope temp)
            throws Throwable {
        if (m == 1) {
            MemorySegment jac = MemorySegment.allocateNative(BlstNative.P2, 8, temp);
            blst.p2FromAffine.invokeExact(jac.address(), affine.address());
            blst.p2UncheckedMult.invokeExact(sum.address(), jac.address(), sc.address(), (long) nbits);
            return;
        }
        long scratchSize = (long) blst.p2sMultPippengerScratchSizeof.invokeExact((long) m);
        MemorySegment buckets = MemorySegment.allocateNative(Math.max(8, scratchSize), 8, temp);
        blst.p2sMultPippenger.invokeExact(sum.address(), contiguous(affine, temp).address(), (long) m,
                contiguous(sc, temp).address(), (long) nbits, buckets.address());
    }

    /** A two-entry pointer array {start, NULL}: blst's way of passing a contiguous array. */
    private static MemorySegment contiguous(MemorySegment start, ResourceScope temp) {
        MemorySegment ptrs = MemorySegment.allocateNative(16, 8, temp);
        MemoryAccess.setAddressAtIndex(ptrs, 0, start.address());
        MemoryAccess.setAddressAtIndex(ptrs, 1, MemoryAddress.NULL);
        return ptrs;
    }

    private byte[] clearAndSerialize(MemorySegment point, ResourceScope temp) {
        MemorySegment cleared = MemorySegment.allocateNative(BlstNative.P2, 8, temp);
        MemorySegment out = MemorySegment.allocateNative(BlstNative.P2_AFFINE, 8, temp);
        try {
            blst.p2UncheckedMult.invokeExact(cleared.address(), point.address(), hEff.address(), (long) H_EFF.bitLength());
            blst.p2Serialize.invokeExact(out.address(), cleared.address());
        } catch (Throwable t) {
            throw BlstNative.rethrow(t);
        }
        return out.toByteArray();
    }

    static boolean isInfinity(long[] q) {
        for (int i = 2 * P2_LONGS / 3; i < P2_LONGS; i++) {
            if (q[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Simplified SWU onto E2' (RFC 9380 §6.6.2): u → (s.x, s.y), affine. */
    private void sswu(Scratch s, MemoryAddress u) {
        MemoryAddress zu2 = s.t[0];
        MemoryAddress t = s.t[1];
        MemoryAddress gx = s.t[2];
        MemoryAddress x = s.x;
        MemoryAddress y = s.y;
        try {
            blst.fp2Sqr.invokeExact(zu2, u);
            blst.fp2Mul.invokeExact(zu2, zu2, c[Z]);                 // Z·u²
            blst.fp2Sqr.invokeExact(t, zu2);
            blst.fp2Add.invokeExact(t, t, zu2);                      // Z²·u⁴ + Z·u²
            if (isZero(s.tempSegment(1))) {
                copy(x, c[B_OVER_ZA], s);                            // exceptional case: x1 = B/(Z·A)
            } else {
                blst.fp2EuclInverse.invokeExact(t, t);
                blst.fp2Add.invokeExact(t, t, c[ONE]);
                blst.fp2Mul.invokeExact(x, t, c[MINUS_B_OVER_A]);    // x1 = (−B/A)·(1 + 1/(Z²u⁴ + Zu²))
            }
            curve(gx, x);
            if ((byte) blst.fp2IsSquare.invokeExact(gx) == 0) {
                blst.fp2Mul.invokeExact(x, x, zu2);                  // x2 = Z·u²·x1
                curve(gx, x);
            }
            if ((byte) blst.fp2Sqrt.invokeExact(y, gx) == 0) {
                throw new IllegalStateException("hash to curve: g(x2) not a square");
            }
            if (sgn0(s, u) != sgn0(s, y)) {
                blst.fp2Cneg.invokeExact(y, y, (byte) 1);
            }
        } catch (Throwable e) {
            throw BlstNative.rethrow(e);
        }
    }

    /** gx = x³ + A'·x + B'. */
    private void curve(MemoryAddress gx, MemoryAddress x) throws Throwable {
        blst.fp2Sqr.invokeExact(gx, x);
        blst.fp2Add.invokeExact(gx, gx, c[A_ISO]);
        blst.fp2Mul.invokeExact(gx, gx, x);
        blst.fp2Add.invokeExact(gx, gx, c[B_ISO]);
    }

    /** {@code out} = k3·x³ + k2·x² + k1·x + k0 (Fp2), with {@code t} as scratch. */
    private void cubic(MemoryAddress out, MemoryAddress t, MemoryAddress x, MemoryAddress x2, MemoryAddress x3,
            MemoryAddress k3, MemoryAddress k2, MemoryAddress k1, MemoryAddress k0) throws Throwable {
        blst.fp2Mul.invokeExact(out, x3, k3);
        blst.fp2Mul.invokeExact(t, x2, k2);
        blst.fp2Add.invokeExact(out, out, t);
        blst.fp2Mul.invokeExact(t, x, k1);
        blst.fp2Add.invokeExact(out, out, t);
        blst.fp2Add.invokeExact(out, out, k0);
    }

    /**
     * The 3-isogeny E2' → E2 (RFC 9380 Appendix E.3) of (s.x, s.y), written to {@code out} in
     * Jacobian coordinates without an inversion: Z = x_den·y_den, X = x_num·x_den·y_den²,
     * Y = y·y_num·x_den³·y_den². A zero denominator gives Z = 0, the point at infinity, as the RFC asks.
     */
    private void iso(Scratch s, MemoryAddress out) {
        MemoryAddress x = s.x;
        MemoryAddress x2 = s.t[0];
        MemoryAddress x3 = s.t[1];
        MemoryAddress xn = s.t[2];
        MemoryAddress xd = s.t[3];
        MemoryAddress yn = s.t[4];
        MemoryAddress yd = s.t[5];
        MemoryAddress t = s.t[6];
        MemoryAddress oX = out;
        MemoryAddress oY = out.addOffset(BlstNative.FP2);
        MemoryAddress oZ = out.addOffset(2L * BlstNative.FP2);
        try {
            blst.fp2Sqr.invokeExact(x2, x);
            blst.fp2Mul.invokeExact(x3, x2, x);
            cubic(xn, t, x, x2, x3, c[K13], c[K12], c[K11], c[K10]); // x_num
            // x_den = x² + k21·x + k20
            blst.fp2Mul.invokeExact(xd, x, c[K21]);
            blst.fp2Add.invokeExact(xd, xd, x2);
            blst.fp2Add.invokeExact(xd, xd, c[K20]);
            cubic(yn, t, x, x2, x3, c[K33], c[K32], c[K31], c[K30]); // y_num
            // y_den = x³ + k42·x² + k41·x + k40
            blst.fp2Mul.invokeExact(yd, x2, c[K42]);
            blst.fp2Add.invokeExact(yd, yd, x3);
            blst.fp2Mul.invokeExact(t, x, c[K41]);
            blst.fp2Add.invokeExact(yd, yd, t);
            blst.fp2Add.invokeExact(yd, yd, c[K40]);
            blst.fp2Mul.invokeExact(oZ, xd, yd);                     // Z = xd·yd
            blst.fp2Mul.invokeExact(t, oZ, yd);                      // xd·yd²
            blst.fp2Mul.invokeExact(oX, xn, t);                      // X = xn·xd·yd²
            blst.fp2Sqr.invokeExact(x2, xd);
            blst.fp2Mul.invokeExact(t, t, x2);                       // xd³·yd²
            blst.fp2Mul.invokeExact(oY, yn, t);
            blst.fp2Mul.invokeExact(oY, oY, s.y);                    // Y = y·yn·xd³·yd²
        } catch (Throwable e) {
            throw BlstNative.rethrow(e);
        }
    }

    /** RFC 9380 sgn0 for Fp2: the parity of the real part, or of the imaginary part when the real part is 0. */
    private int sgn0(Scratch s, MemoryAddress a) throws Throwable {
        MemoryAddress canon = s.canon.address();
        blst.fpFrom.invokeExact(canon, a);
        long lo = MemoryAccess.getLongAtIndex(s.canon, 0);
        boolean zero = true;
        for (int i = 0; i < 6; i++) {
            zero &= MemoryAccess.getLongAtIndex(s.canon, i) == 0;
        }
        if (!zero) {
            return (int) (lo & 1);
        }
        blst.fpFrom.invokeExact(canon, a.addOffset(BlstNative.FP));
        return (int) (MemoryAccess.getLongAtIndex(s.canon, 0) & 1);
    }

    private static boolean isZero(MemorySegment fp2) {
        for (int i = 0; i < 12; i++) {
            if (MemoryAccess.getLongAtIndex(fp2, i) != 0) {
                return false;
            }
        }
        return true;
    }

    private void copy(MemoryAddress to, MemoryAddress from, Scratch s) throws Throwable {
        blst.fp2Add.invokeExact(to, from, s.zero); // to = from + 0: a copy through blst, no raw pointer arithmetic
    }

    private void set(int index, String realHex, String imaginaryHex) {
        long offset = (long) index * BlstNative.FP2;
        constants.asSlice(offset, BlstNative.FP).copyFrom(MemorySegment.ofArray(montgomery(new BigInteger(realHex, 16))));
        constants.asSlice(offset + BlstNative.FP, BlstNative.FP).copyFrom(MemorySegment.ofArray(montgomery(new BigInteger(imaginaryHex, 16))));
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

    static byte[] littleEndian(BigInteger v, int bytes) {
        byte[] be = v.toByteArray();
        byte[] le = new byte[bytes];
        for (int i = 0; i < bytes && i < be.length; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }

    private static void fp2(java.lang.invoke.MethodHandle h, MemoryAddress out, MemoryAddress in) {
        try {
            h.invokeExact(out, in);
        } catch (Throwable t) {
            throw BlstNative.rethrow(t);
        }
    }

    private static void fp2(java.lang.invoke.MethodHandle h, MemoryAddress out, MemoryAddress a, MemoryAddress b) {
        try {
            h.invokeExact(out, a, b);
        } catch (Throwable t) {
            throw BlstNative.rethrow(t);
        }
    }

    private static void fp2(java.lang.invoke.MethodHandle h, MemoryAddress out, MemoryAddress a, byte flag) {
        try {
            h.invokeExact(out, a, flag);
        } catch (Throwable t) {
            throw BlstNative.rethrow(t);
        }
    }

    /** Per-thread native work space (freed with the thread's scratch object). */
    private static final class Scratch {
        static final int MSG = 256;
        private static final int TEMPS = 8;
        final MemorySegment all;
        final MemorySegment uniform;
        final MemorySegment msg;
        final MemorySegment dst;
        final MemorySegment canon;
        final MemorySegment points;
        final MemorySegment temps;
        final MemoryAddress u;
        final MemoryAddress x;
        final MemoryAddress y;
        final MemoryAddress zero;
        final MemoryAddress[] t = new MemoryAddress[TEMPS];

        Scratch() {
            long size = 256 + MSG + 256 + BlstNative.FP + 3L * BlstNative.P2 + (TEMPS + 5L) * BlstNative.FP2;
            all = MemorySegment.allocateNative(size, 8, ResourceScope.newImplicitScope());
            long o = 0;
            uniform = all.asSlice(o, 256);
            o += 256;
            msg = all.asSlice(o, MSG);
            o += MSG;
            dst = all.asSlice(o, 256);
            o += 256;
            canon = all.asSlice(o, BlstNative.FP);
            o += BlstNative.FP;
            points = all.asSlice(o, 3L * BlstNative.P2);
            o += 3L * BlstNative.P2;
            temps = all.asSlice(o, (TEMPS + 5L) * BlstNative.FP2);
            for (int i = 0; i < TEMPS; i++) {
                t[i] = temps.address().addOffset((long) i * BlstNative.FP2);
            }
            u = temps.address().addOffset((long) TEMPS * BlstNative.FP2);            // u0, u1: two slots
            x = temps.address().addOffset((TEMPS + 2L) * BlstNative.FP2);
            y = temps.address().addOffset((TEMPS + 3L) * BlstNative.FP2);
            zero = temps.address().addOffset((TEMPS + 4L) * BlstNative.FP2);      // stays 0
        }

        /** Temp slot {@code i} as a segment, to read its limbs. */
        MemorySegment tempSegment(int i) {
            return temps.asSlice((long) i * BlstNative.FP2, BlstNative.FP2);
        }
    }
}
