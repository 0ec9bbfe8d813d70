package org.jdrand.crypto.backend.bn254;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * An element of the BN254 base field Fp, held as four 64-bit little-endian limbs in Montgomery
 * form (a·2^256 mod p). Immutable. Arithmetic has no data-dependent branches except
 * {@link #inverse()}'s and {@link #sqrt()}'s fixed exponent chains (also branch-free in the value).
 */
final class Fp {
    static final BigInteger P =
            new BigInteger("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47", 16);
    static final int BYTES = 32;

    private static final long P0 = 0x3c208c16d87cfd47L;
    private static final long P1 = 0x97816a916871ca8dL;
    private static final long P2 = 0xb85045b68181585dL;
    private static final long P3 = 0x30644e72e131a029L;
    /** -p^-1 mod 2^64. */
    private static final long INV = 0x87d20782e4866389L;
    private static final BigInteger MASK64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private static final Fp R2 = raw(BigInteger.ONE.shiftLeft(512).mod(P));
    static final Fp ZERO = new Fp(0, 0, 0, 0);
    static final Fp ONE = of(1);

    private static final BigInteger P_MINUS_2 = P.subtract(BigInteger.TWO);
    private static final BigInteger SQRT_EXP = P.add(BigInteger.ONE).shiftRight(2); // p = 3 mod 4
    private static final BigInteger LEGENDRE_EXP = P.subtract(BigInteger.ONE).shiftRight(1);

    final long a0;
    final long a1;
    final long a2;
    final long a3;

    private Fp(long a0, long a1, long a2, long a3) {
        this.a0 = a0;
        this.a1 = a1;
        this.a2 = a2;
        this.a3 = a3;
    }

    /** Limbs of v taken as they are (no Montgomery conversion); v < 2^256. */
    private static Fp raw(BigInteger v) {
        return new Fp(v.and(MASK64).longValue(), v.shiftRight(64).and(MASK64).longValue(),
                v.shiftRight(128).and(MASK64).longValue(), v.shiftRight(192).and(MASK64).longValue());
    }

    static Fp of(long v) {
        return of(BigInteger.valueOf(v));
    }

    /** v mod p, any sign or size. */
    static Fp of(BigInteger v) {
        return raw(v.mod(P)).mul(R2);
    }

    /**
     * Strict decoding of 32 big-endian bytes at offset; null when the value is not below p
     * (the caller names the failed field).
     */
    static Fp fromBytesCanonical(byte[] b, int off) {
        long w3 = word(b, off);
        long w2 = word(b, off + 8);
        long w1 = word(b, off + 16);
        long w0 = word(b, off + 24);
        // canonical iff (w3..w0) - p borrows
        long d0 = w0 - P0;
        long br = borrow(w0, P0, d0);
        long d1 = w1 - P1 - br;
        br = borrow(w1, P1, d1);
        long d2 = w2 - P2 - br;
        br = borrow(w2, P2, d2);
        long d3 = w3 - P3 - br;
        br = borrow(w3, P3, d3);
        if (br == 0) {
            return null;
        }
        return new Fp(w0, w1, w2, w3).mul(R2);
    }

    /** Big-endian 32 bytes of the canonical value into out at off. */
    void toBytes(byte[] out, int off) {
        Fp c = fromMont();
        putWord(out, off, c.a3);
        putWord(out, off + 8, c.a2);
        putWord(out, off + 16, c.a1);
        putWord(out, off + 24, c.a0);
    }

    byte[] toBytes() {
        byte[] out = new byte[BYTES];
        toBytes(out, 0);
        return out;
    }

    BigInteger toBigInteger() {
        return new BigInteger(1, toBytes());
    }

    private Fp fromMont() {
        return mul(new Fp(1, 0, 0, 0));
    }

    private static long word(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    private static void putWord(byte[] out, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            out[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    /** Carry out of s = x + y (+ carry-in), s given (Hacker's Delight 2-13). */
    private static long carry(long x, long y, long s) {
        return ((x & y) | ((x | y) & ~s)) >>> 63;
    }

    /** Borrow out of d = x - y (- borrow-in), d given (Hacker's Delight 2-13). */
    private static long borrow(long x, long y, long d) {
        return ((~x & y) | (~(x ^ y) & d)) >>> 63;
    }

    private static long umulh(long x, long y) {
        return Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
    }

    /** t - p if t >= p, else t; t < 2p. */
    private static Fp reduceOnce(long t0, long t1, long t2, long t3) {
        long d0 = t0 - P0;
        long br = borrow(t0, P0, d0);
        long d1 = t1 - P1 - br;
        br = borrow(t1, P1, d1);
        long d2 = t2 - P2 - br;
        br = borrow(t2, P2, d2);
        long d3 = t3 - P3 - br;
        br = borrow(t3, P3, d3);
        long keep = -br; // all ones when t < p
        return new Fp((t0 & keep) | (d0 & ~keep), (t1 & keep) | (d1 & ~keep), (t2 & keep) | (d2 & ~keep),
                (t3 & keep) | (d3 & ~keep));
    }

    Fp add(Fp b) {
        long s0 = a0 + b.a0;
        long c = carry(a0, b.a0, s0);
        long s1 = a1 + b.a1 + c;
        c = carry(a1, b.a1, s1);
        long s2 = a2 + b.a2 + c;
        c = carry(a2, b.a2, s2);
        long s3 = a3 + b.a3 + c; // < 2^255: no carry out
        return reduceOnce(s0, s1, s2, s3);
    }

    Fp dbl() {
        return add(this);
    }

    Fp sub(Fp b) {
        long d0 = a0 - b.a0;
        long br = borrow(a0, b.a0, d0);
        long d1 = a1 - b.a1 - br;
        br = borrow(a1, b.a1, d1);
        long d2 = a2 - b.a2 - br;
        br = borrow(a2, b.a2, d2);
        long d3 = a3 - b.a3 - br;
        br = borrow(a3, b.a3, d3);
        long mask = -br; // add p back when the subtraction borrowed
        long q0 = P0 & mask;
        long q1 = P1 & mask;
        long q2 = P2 & mask;
        long q3 = P3 & mask;
        long r0 = d0 + q0;
        long c = carry(d0, q0, r0);
        long r1 = d1 + q1 + c;
        c = carry(d1, q1, r1);
        long r2 = d2 + q2 + c;
        c = carry(d2, q2, r2);
        long r3 = d3 + q3 + c;
        return new Fp(r0, r1, r2, r3);
    }

    Fp neg() {
        return ZERO.sub(this);
    }

    Fp mul(Fp b) {
        long a0 = this.a0;
        long a1 = this.a1;
        long a2 = this.a2;
        long a3 = this.a3;
        long b0 = b.a0;
        long b1 = b.a1;
        long b2 = b.a2;
        long b3 = b.a3;
        long t0, t1, t2, t3, A, C, m, lo, hi, s;
        t0 = a0 * b0; A = umulh(a0, b0);
        m = t0 * INV;
        lo = m * P0; C = umulh(m, P0); s = lo + t0; C += carry(lo, t0, s);
        lo = a1 * b0; hi = umulh(a1, b0); s = lo + A; hi += carry(lo, A, s); A = hi; t1 = s;
        lo = m * P1; hi = umulh(m, P1); s = lo + t1; hi += carry(lo, t1, s); lo = s; s = lo + C; hi += carry(lo, C, s); C = hi; t0 = s;
        lo = a2 * b0; hi = umulh(a2, b0); s = lo + A; hi += carry(lo, A, s); A = hi; t2 = s;
        lo = m * P2; hi = umulh(m, P2); s = lo + t2; hi += carry(lo, t2, s); lo = s; s = lo + C; hi += carry(lo, C, s); C = hi; t1 = s;
        lo = a3 * b0; hi = umulh(a3, b0); s = lo + A; hi += carry(lo, A, s); A = hi; t3 = s;
        lo = m * P3; hi = umulh(m, P3); s = lo + t3; hi += carry(lo, t3, s); lo = s; s = lo + C; hi += carry(lo, C, s); C = hi; t2 = s;
        t3 = C + A;
        lo = a0 * b1; A = umulh(a0, b1); s = lo + t0; A += carry(lo, t0, s); t0 = s;
        m = t0 * INV;
        lo = m * P0; C = umulh(m, P0); s = lo + t0; C += carry(lo, t0, s);
        lo = a1 * b1; hi = umulh(a1, b1); s = lo + t1; hi += carry(lo, t1, s); lo = s; s = lo + A; hi += carry(lo, A, s); A = hi; t1 = s;
        lo = m * P1; hi = umulh(m, P1); s = lo + t1; hi += carry(lo, t1, s); lo = s; s = lo + C; hi += carry(lo, C, s); C = hi; t0 = s;
        lo = a2 * b1; hi = umulh(a2, b1); s = lo + t2; hi += carry(lo, t2, s); lo = s; s = lo + A; hi += carry(lo, A, s); A = hi; t2 = s;
        lo = m * P2; hi = umulh(m, P2); s = lo + t2; hi += carry(lo, t2, s); lo = s; s = lo + C; hi += carry(lo, C, s); C = hi; t1 = s;
        lo = a3 * b1; hi = umulh(a3, b1); s = lo + t3; hi += carry(lo, t3, s); lo = s; s = lo + A; hi += carry(lo, A, s); A = hi; t3 = s;
        lo = m * P3; hi = umulh(m, P3); s = lo + t3; hi += carry(lo, t3, s); lo = s; s = lo + C; hi += carry(lo, C, s); C = hi; t2 = s;
        t3 = C + A;
        lo = a0 * b2; A = umulh(a0, b2); s = lo + t0; A += carry(lo, t0, s); t0 = s;
        m = t0 * INV;
        lo = m * P0; C = umulh(m, P0); s = lo + t0; C += carry(lo, t0, s);
        lo = a1 * b2; hi = umulh(a1, b2); s = lo + t1; hi += carry(lo, t1, s); lo = s; s = lo + A; hi += carry(lo, A, s); A = hi; t1 = s;
        lo = m * P1; hi = umulh(m, P1); s = lo + t1; hi += carry(lo, t1, s); lo = s; s = lo + C; hi += carry(lo, C, s); C = hi; t0 = s;
        lo = a2 * b2; hi = umulh(a2, b2); s = lo + t2; hi += carry(lo, t2, s); lo = s; s = lo + A; hi += carry(lo, A, s); A = hi; t2 = s;
        lo = m * P2; hi = umulh(m, P2); s = lo + t2; hi += carry(lo, t2, s); lo = s; s = lo + C; hi += carry(lo, C, s); C = hi; t1 = s;
        lo = a3 * b2; hi = umulh(a3, b2); s = lo + t3; hi += carry(lo, t3, s); lo = s; s = lo + A; hi += carry(lo, A, s); A = hi; t3 = s;
        lo = m * P3; hi = umulh(m, P3); s = lo + t3; hi += carry(lo, t3, s); lo = s; s = lo + C; hi += carry(lo, C, s); C = hi; t2 = s;
        t3 = C + A;
        lo = a0 * b3; A = umulh(a0, b3); s = lo + t0; A += carry(lo, t0, s); t0 = s;
        m = t0 * INV;
        lo = m * P0; C = umulh(m, P0); s = lo + t0; C += carry(lo, t0, s);
        lo = a1 * b3; hi = umulh(a1, b3); s = lo + t1; hi += carry(lo, t1, s); lo = s; s = lo + A; hi += carry(lo, A, s); A = hi; t1 = s;
        lo = m * P1; hi = umulh(m, P1); s = lo + t1; hi += carry(lo, t1, s); lo = s; s = lo + C; hi += carry(lo, C, s); C = hi; t0 = s;
        lo = a2 * b3; hi = umulh(a2, b3); s = lo + t2; hi += carry(lo, t2, s); lo = s; s = lo + A; hi += carry(lo, A, s); A = hi; t2 = s;
        lo = m * P2; hi = umulh(m, P2); s = lo + t2; hi += carry(lo, t2, s); lo = s; s = lo + C; hi += carry(lo, C, s); C = hi; t1 = s;
        lo = a3 * b3; hi = umulh(a3, b3); s = lo + t3; hi += carry(lo, t3, s); lo = s; s = lo + A; hi += carry(lo, A, s); A = hi; t3 = s;
        lo = m * P3; hi = umulh(m, P3); s = lo + t3; hi += carry(lo, t3, s); lo = s; s = lo + C; hi += carry(lo, C, s); C = hi; t2 = s;
        t3 = C + A;
        return reduceOnce(t0, t1, t2, t3);

    }

    Fp sqr() {
        return mul(this);
    }

    /** this^e for a public exponent e (square-and-multiply over all bits of e). */
    Fp pow(BigInteger e) {
        Fp r = ONE;
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            r = r.sqr();
            if (e.testBit(i)) {
                r = r.mul(this);
            }
        }
        return r;
    }

    /** 1/this by Fermat; 0 maps to 0 (RFC 9380 inv0). */
    Fp inverse() {
        return pow(P_MINUS_2);
    }

    /** 1/this by the extended Euclidean algorithm (variable time: public values only); 0 maps to 0. */
    Fp inverseVarTime() {
        if (isZero()) {
            return ZERO;
        }
        return of(toBigInteger().modInverse(P));
    }

    /** A square root, or null when this is not a square. */
    Fp sqrt() {
        Fp r = pow(SQRT_EXP);
        return r.sqr().equals(this) ? r : null;
    }

    boolean isSquare() {
        Fp l = pow(LEGENDRE_EXP);
        return !l.equals(ONE.neg());
    }

    boolean isZero() {
        return (a0 | a1 | a2 | a3) == 0;
    }

    /** RFC 9380 sgn0: parity of the canonical value. */
    int sgn0() {
        return (int) (fromMont().a0 & 1);
    }

    /** cond ? b : a, without branching on cond. */
    static Fp select(boolean cond, Fp a, Fp b) {
        long m = -(cond ? 1L : 0L);
        return new Fp((a.a0 & ~m) | (b.a0 & m), (a.a1 & ~m) | (b.a1 & m), (a.a2 & ~m) | (b.a2 & m),
                (a.a3 & ~m) | (b.a3 & m));
    }

    /** mask == -1 ? b : a for a mask of all ones or all zeros, without a branch. */
    static Fp select(long mask, Fp a, Fp b) {
        return new Fp((a.a0 & ~mask) | (b.a0 & mask), (a.a1 & ~mask) | (b.a1 & mask), (a.a2 & ~mask) | (b.a2 & mask),
                (a.a3 & ~mask) | (b.a3 & mask));
    }

    /** All ones when this is zero, else all zeros, without a branch. */
    long zeroMask() {
        long v = a0 | a1 | a2 | a3;
        return ((v | -v) >>> 63) - 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fp && ((((Fp) o).a0 ^ a0) | (((Fp) o).a1 ^ a1) | (((Fp) o).a2 ^ a2) | (((Fp) o).a3 ^ a3)) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(a0 ^ a1 ^ a2 ^ a3);
    }

    @Override
    public String toString() {
        return toBigInteger().toString(16);
    }
}
