package org.jdrand.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An element of the scalar field of BLS12-381 (integers mod r). Immutable; encoded as 32 bytes
 * big-endian as kyber does. Scalars are often secrets (keys, shares): {@link #toString()} never
 * prints the value.
 */
public final class Scalar {
    /** The prime order r of G1, G2 and GT. */
    public static final BigInteger ORDER =
            new BigInteger("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 16);
    public static final int BYTES = 32;
    public static final Scalar ZERO = new Scalar(BigInteger.ZERO);
    public static final Scalar ONE = new Scalar(BigInteger.ONE);

    private final BigInteger value;

    private Scalar(BigInteger value) {
        this.value = value;
    }

    /** Strict decoding: exactly 32 bytes, big-endian, value < r. */
    public static Scalar fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != BYTES) {
            throw new InvalidEncodingException("scalar: length " + (bytes == null ? "null" : bytes.length) + " (expected 32)");
        }
        BigInteger v = new BigInteger(1, bytes);
        if (v.compareTo(ORDER) >= 0) {
            throw new InvalidEncodingException("scalar: value not below the group order r");
        }
        return new Scalar(v);
    }

    /** Any-length big-endian integer reduced mod r (kyber's SetBytes, used for hash-to-scalar). */
    public static Scalar fromBytesReduced(byte[] bytes) {
        return new Scalar(new BigInteger(1, bytes).mod(ORDER));
    }

    public static Scalar of(long v) {
        return new Scalar(BigInteger.valueOf(v).mod(ORDER));
    }

    public static Scalar of(BigInteger v) {
        return new Scalar(v.mod(ORDER));
    }

    /** A uniformly random non-zero scalar (64 random bytes reduced mod r: negligible bias). */
    public static Scalar random(SecureRandom random) {
        byte[] b = new byte[64];
        while (true) {
            random.nextBytes(b);
            BigInteger v = new BigInteger(1, b).mod(ORDER);
            if (v.signum() != 0) {
                Arrays.fill(b, (byte) 0);
                return new Scalar(v);
            }
        }
    }

    public Scalar add(Scalar o) {
        return new Scalar(value.add(o.value).mod(ORDER));
    }

    public Scalar subtract(Scalar o) {
        return new Scalar(value.subtract(o.value).mod(ORDER));
    }

    public Scalar multiply(Scalar o) {
        return new Scalar(value.multiply(o.value).mod(ORDER));
    }

    public Scalar negate() {
        return new Scalar(value.negate().mod(ORDER));
    }

    /** Multiplicative inverse; throws ArithmeticException for zero. */
    public Scalar inverse() {
        if (value.signum() == 0) {
            throw new ArithmeticException("scalar: zero has no inverse");
        }
        return new Scalar(value.modInverse(ORDER));
    }

    public boolean isZero() {
        return value.signum() == 0;
    }

    /** 32 bytes, big-endian (a fresh copy). */
    public byte[] toBytes() {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[BYTES];
        int n = Math.min(raw.length, BYTES);
        System.arraycopy(raw, raw.length - n, out, BYTES - n, n);
        return out;
    }

    public BigInteger toBigInteger() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scalar s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "Scalar[redacted]";
    }
}
