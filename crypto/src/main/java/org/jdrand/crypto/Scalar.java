package org.jdrand.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An element of the scalar field of a scheme's groups: integers mod BLS12-381's r ({@link #ORDER},
 * the default) or mod BN254's r ({@link org.jdrand.crypto.Scheme#groupOrder()}). Each scalar
 * carries its order; arithmetic between scalars of different orders is refused. Immutable;
 * encoded as 32 bytes big-endian as kyber does. Scalars are often secrets (keys, shares):
 * {@link #toString()} never prints the value.
 */
public final class Scalar {
    /** The prime order r of BLS12-381's G1, G2 and GT, the default order of a scalar. */
    public static final BigInteger ORDER =
            new BigInteger("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 16);
    public static final int BYTES = 32;
    public static final Scalar ZERO = new Scalar(BigInteger.ZERO, ORDER);
    public static final Scalar ONE = new Scalar(BigInteger.ONE, ORDER);
    /** The largest order a scalar may have: its value must fit the 32-byte encoding. */
    private static final int MAX_ORDER_BITS = 256;

    private final BigInteger value;
    private final BigInteger order;

    private Scalar(BigInteger value, BigInteger order) {
        this.value = value;
        this.order = order;
    }

    /** Strict decoding mod BLS12-381's r: exactly 32 bytes, big-endian, value < r. */
    public static Scalar fromBytes(byte[] bytes) {
        return fromBytes(bytes, ORDER);
    }

    /** Strict decoding mod {@code order}: exactly 32 bytes, big-endian, value < order. */
    public static Scalar fromBytes(byte[] bytes, BigInteger order) {
        checkOrder(order);
        if (bytes == null || bytes.length != BYTES) {
            throw new InvalidEncodingException("scalar: length " + (bytes == null ? "null" : bytes.length) + " (expected 32)");
        }
        BigInteger v = new BigInteger(1, bytes);
        if (v.compareTo(order) >= 0) {
            throw new InvalidEncodingException("scalar: value not below the group order r");
        }
        return new Scalar(v, order);
    }

    /** Any-length big-endian integer reduced mod BLS12-381's r (kyber's SetBytes, used for hash-to-scalar). */
    public static Scalar fromBytesReduced(byte[] bytes) {
        return fromBytesReduced(bytes, ORDER);
    }

    /** Any-length big-endian integer reduced mod {@code order}. */
    public static Scalar fromBytesReduced(byte[] bytes, BigInteger order) {
        checkOrder(order);
        return new Scalar(new BigInteger(1, bytes).mod(order), order);
    }

    public static Scalar of(long v) {
        return of(BigInteger.valueOf(v), ORDER);
    }

    public static Scalar of(BigInteger v) {
        return of(v, ORDER);
    }

    /** v mod {@code order}. */
    public static Scalar of(long v, BigInteger order) {
        return of(BigInteger.valueOf(v), order);
    }

    /** v mod {@code order}. */
    public static Scalar of(BigInteger v, BigInteger order) {
        checkOrder(order);
        return new Scalar(v.mod(order), order);
    }

    /** A uniformly random non-zero scalar mod BLS12-381's r. */
    public static Scalar random(SecureRandom random) {
        return random(random, ORDER);
    }

    /** A uniformly random non-zero scalar mod {@code order} (64 random bytes reduced: negligible bias). */
    public static Scalar random(SecureRandom random, BigInteger order) {
        checkOrder(order);
        byte[] b = new byte[64];
        while (true) {
            random.nextBytes(b);
            BigInteger v = new BigInteger(1, b).mod(order);
            if (v.signum() != 0) {
                Arrays.fill(b, (byte) 0);
                return new Scalar(v, order);
            }
        }
    }

    /** The prime this scalar is taken modulo: the order of its scheme's groups. */
    public BigInteger order() {
        return order;
    }

    /** Zero mod this scalar's order (the start of a sum of scalars of one scheme). */
    public static Scalar zero(BigInteger order) {
        return of(BigInteger.ZERO, order);
    }

    public Scalar add(Scalar o) {
        return new Scalar(value.add(same(o).value).mod(order), order);
    }

    public Scalar subtract(Scalar o) {
        return new Scalar(value.subtract(same(o).value).mod(order), order);
    }

    public Scalar multiply(Scalar o) {
        return new Scalar(value.multiply(same(o).value).mod(order), order);
    }

    public Scalar negate() {
        return new Scalar(value.negate().mod(order), order);
    }

    /** Multiplicative inverse; throws ArithmeticException for zero. */
    public Scalar inverse() {
        if (value.signum() == 0) {
            throw new ArithmeticException("scalar: zero has no inverse");
        }
        return new Scalar(value.modInverse(order), order);
    }

    private Scalar same(Scalar o) {
        if (!o.order.equals(order)) {
            throw new IllegalArgumentException("scalar: mixing orders " + o.order.bitLength() + "-bit "
                    + o.order.toString(16).substring(0, 8) + " and " + order.bitLength() + "-bit "
                    + order.toString(16).substring(0, 8) + " (expected scalars of one scheme)");
        }
        return o;
    }

    private static void checkOrder(BigInteger order) {
        if (order == null || order.signum() <= 0 || order.bitLength() > MAX_ORDER_BITS) {
            throw new IllegalArgumentException("scalar: order " + order + " (expected a positive prime of at most 256 bits)");
        }
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
        return o instanceof Scalar s && s.value.equals(value) && s.order.equals(order);
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
