package org.jdrand.crypto.backend.blst;

import java.math.BigInteger;
import java.util.List;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Point;

/**
 * An RFC 9380 hash to a curve group cut before clear_cofactor ({@link MapToG1}, {@link MapToG2}):
 * Q with H(m) = h_eff·Q, held as blst Jacobian limbs, so that a batch clears the cofactor once on
 * its weighted sum (clearing is a group homomorphism, and blst's Pippenger formulas hold on the
 * whole curve). This class holds what both groups share: hash_to_field, the simplified SWU map's
 * denominators and their inversion, the clearing. A subclass maps u₀, u₁ to Q on its own curve.
 *
 * <p>Variable time: meant for public messages only (round messages, batch weights).
 */
abstract sealed class DeferredMap permits MapToG1, MapToG2 {
    /** Longer DSTs are hashed first (RFC 9380 §5.3.3): not done here, callers use blst's complete hash. */
    static final int MAX_DST = 255;

    /** The base field's modulus. */
    static final BigInteger P = new BigInteger(
            "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab", 16);

    final BlstNative blst;
    final ForeignLinker memory;
    /** Fp for G1, Fp2 for G2. */
    final Field field;
    private final NativeCurve curve;
    private final NativeMsm msm;
    private final long hEff;
    private final int hEffBits;
    private final ThreadLocal<Message> message;

    DeferredMap(BlstNative blst, Field field, NativeCurve curve, BigInteger hEff) {
        this.blst = blst;
        this.memory = blst.memory();
        this.field = field;
        this.curve = curve;
        this.msm = new NativeMsm(curve, memory);
        int bytes = (hEff.bitLength() + 7) / 8;
        this.hEff = memory.allocateForever(bytes);
        this.hEffBits = hEff.bitLength();
        memory.copy(NativeMsm.littleEndian(hEff, bytes), this.hEff);
        this.message = ThreadLocal.withInitial(() -> new Message(memory, field.bytes()));
    }

    abstract Group group();

    /** Q for the field elements u₀, u₁ at {@code u} and {@code u + field.bytes()}: blst Jacobian limbs. */
    abstract long[] mapUncleared(long u);

    /** The group's point for blst's uncompressed serialization of an affine point. */
    abstract Point point(byte[] uncompressed);

    /** Q for {@code message}: RFC 9380 hash_to_curve before clear_cofactor. */
    final long[] hashUncleared(byte[] message, byte[] dst) {
        if (dst.length > MAX_DST) {
            throw new IllegalArgumentException("hash to curve: dst longer than 255 bytes");
        }
        Message m = this.message.get();
        int elements = 2 * field.degree();
        try (ForeignLinker.Frame temp = message.length <= Message.MSG ? null : memory.frame()) {
            long msg = temp == null ? m.msg : temp.allocate(message.length);
            memory.copy(message, msg);
            memory.copy(dst, m.dst);
            blst.expandMessageXmd(m.uniform, 64L * elements, msg, message.length, m.dst, dst.length);
            // hash_to_field: 64-byte chunks reduced mod p; u₀ then u₁, an Fp2 element real part first
            for (int i = 0; i < elements; i++) {
                blst.fpFromBeBytes(m.u + (long) i * BlstNative.FP, m.uniform + 64L * i, 64);
            }
        }
        return mapUncleared(m.u);
    }

    /**
     * Q for u₀, u₁ given as Montgomery limbs (6 per Fp element, an Fp2's real part first): the
     * tests' entry, for the u a hash practically never meets (u = 0 is SSWU's exceptional case).
     */
    final long[] mapUncleared(long[] u0, long[] u1) {
        Message m = message.get();
        memory.copy(u0, m.u);
        memory.copy(u1, m.u + field.bytes());
        return mapUncleared(m.u);
    }

    /** clear_cofactor(Q) = h_eff·Q. */
    final Point clear(long[] q) {
        try (ForeignLinker.Frame temp = memory.frame()) {
            long in = temp.allocate(curve.jacobian());
            memory.copy(q, in);
            return clearToPoint(in, temp);
        }
    }

    /** clear_cofactor(Σ weightsᵢ·Qᵢ) = Σ weightsᵢ·H(mᵢ), through blst's Pippenger. */
    final Point sumCleared(List<long[]> qs, BigInteger[] weights) {
        try (ForeignLinker.Frame temp = memory.frame()) {
            return clearToPoint(msm.sumOfJacobian(qs, weights, temp), temp);
        }
    }

    private Point clearToPoint(long point, ForeignLinker.Frame temp) {
        long cleared = temp.allocate(curve.jacobian());
        long out = temp.allocate(curve.affine());
        curve.uncheckedMult(cleared, point, hEff, hEffBits);
        curve.serialize(out, cleared);
        byte[] bytes = new byte[curve.affine()];
        memory.copy(out, bytes);
        return point(bytes);
    }

    /** zu = Z·u², t = Z²·u⁴ + Z·u²: the denominator of SSWU's x₁, 0 in the exceptional case. */
    final void denominator(long zu, long t, long u, long z) {
        field.sqr(zu, u);
        field.mul(zu, zu, z);
        field.sqr(t, zu);
        field.add(t, t, zu);
    }

    /**
     * t₀ ← 1/t₀, t₁ ← 1/t₁ with one inversion (Montgomery's trick), a zero left zero (the
     * exceptional case); {@code m} and {@code inv} are scratch slots.
     */
    final void invertBoth(long t0, long t1, long m, long inv) {
        if (isZero(t0) || isZero(t1)) {
            invertUnlessZero(t0);
            invertUnlessZero(t1);
            return;
        }
        field.mul(m, t0, t1);
        field.inverse(inv, m);
        field.mul(m, inv, t1);                           // 1/t₀
        field.mul(t1, inv, t0);                          // 1/t₁
        copy(t0, m);
    }

    private void invertUnlessZero(long t) {
        if (!isZero(t)) {
            field.inverse(t, t);
        }
    }

    /**
     * x₁ = (−B/A)·(1 + tInv), or B/(Z·A) when tInv is 0 (the exceptional case): SSWU's first
     * candidate (RFC 9380 §6.6.2), given the two constants.
     */
    final void firstX(long x, long tInv, long minusBOverA, long bOverZA, long one, long t) {
        if (isZero(tInv)) {
            copy(x, bOverZA);
        } else {
            field.add(t, tInv, one);
            field.mul(x, t, minusBOverA);
        }
    }

    /** gx = x³ + A·x + B. */
    final void curve(long gx, long x, long a, long b) {
        field.sqr(gx, x);
        field.add(gx, gx, a);
        field.mul(gx, gx, x);
        field.add(gx, gx, b);
    }

    /** Writes −B/A and B/(Z·A), SSWU's constants, from the constants A, B, Z. */
    final void sswuConstants(long minusBOverA, long bOverZA, long a, long b, long z) {
        field.inverse(minusBOverA, a);
        field.mul(minusBOverA, minusBOverA, b);
        field.cneg(minusBOverA, minusBOverA, true);
        field.mul(bOverZA, z, a);
        field.inverse(bOverZA, bOverZA);
        field.mul(bOverZA, bOverZA, b);
    }

    /** Whether the element at {@code a} is 0 (Montgomery form keeps 0 as all-zero limbs). */
    final boolean isZero(long a) {
        for (int i = 0; i < field.bytes(); i += 8) {
            if (memory.getLong(a + i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether two elements are equal (blst keeps them fully reduced). */
    final boolean equal(long a, long b) {
        for (int i = 0; i < field.bytes(); i += 8) {
            if (memory.getLong(a + i) != memory.getLong(b + i)) {
                return false;
            }
        }
        return true;
    }

    final void copy(long to, long from) {
        for (int i = 0; i < field.bytes(); i += 8) {
            memory.setLong(to + i, memory.getLong(from + i));
        }
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

    /** The field arithmetic a map runs on: blst's Fp or Fp2 functions. */
    interface Field {
        /** 1 for Fp, 2 for Fp2. */
        int degree();

        default int bytes() {
            return degree() * BlstNative.FP;
        }

        void add(long out, long a, long b);

        void mul(long out, long a, long b);

        void sqr(long out, long a);

        void cneg(long out, long a, boolean negate);

        void inverse(long out, long a);

        static Field fp(BlstNative blst) {
            return new Field() {
                public int degree() { return 1; }
                public void add(long out, long a, long b) { blst.fpAdd(out, a, b); }
                public void mul(long out, long a, long b) { blst.fpMul(out, a, b); }
                public void sqr(long out, long a) { blst.fpSqr(out, a); }
                public void cneg(long out, long a, boolean negate) { blst.fpCneg(out, a, negate); }
                public void inverse(long out, long a) { blst.fpEuclInverse(out, a); }
            };
        }

        static Field fp2(BlstNative blst) {
            return new Field() {
                public int degree() { return 2; }
                public void add(long out, long a, long b) { blst.fp2Add(out, a, b); }
                public void mul(long out, long a, long b) { blst.fp2Mul(out, a, b); }
                public void sqr(long out, long a) { blst.fp2Sqr(out, a); }
                public void cneg(long out, long a, boolean negate) { blst.fp2Cneg(out, a, negate); }
                public void inverse(long out, long a) { blst.fp2EuclInverse(out, a); }
            };
        }
    }

    /** Per-thread native space for a message, its DST, the expanded bytes and u₀, u₁. */
    private static final class Message {
        static final int MSG = 256;
        /** Owns the memory behind every address below. */
        private final ForeignLinker.Block block;
        final long msg;
        final long dst;
        final long uniform;
        final long u;

        Message(ForeignLinker memory, int elementBytes) {
            block = memory.allocateBlock(MSG + 256 + 256 + 2L * elementBytes);
            msg = block.address();
            dst = msg + MSG;
            uniform = dst + 256;
            u = uniform + 256;
        }
    }
}
