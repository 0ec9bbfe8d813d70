package org.jdrand.crypto.backend;

import java.math.BigInteger;
import java.util.Arrays;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.InvalidEncodingException;

/**
 * The backend-independent checks of a ZCash-compressed point (spec beacon-and-crypto §3.1, steps
 * 1–4): length, compression flag, the strict infinity encoding and canonical coordinates. Both
 * backends run them first, so they reject exactly the same inputs with the same messages, whatever
 * their own decoders tolerate.
 */
public final class ZcashEncoding {
    /** The base field modulus p of BLS12-381. */
    public static final BigInteger P = new BigInteger(
            "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab", 16);

    public static final int FLAG_COMPRESSION = 0x80;
    public static final int FLAG_INFINITY = 0x40;
    public static final int FLAG_SORT = 0x20;
    private static final int FP_BYTES = 48;
    private static final byte[] P_BYTES = fpBytes(P);

    private ZcashEncoding() {}

    /**
     * Runs steps 1–4 of the decoder.
     *
     * @return true when the bytes are the (valid) encoding of the point at infinity; false when a
     *     finite point with canonical coordinates follows, still to be checked on the curve and in
     *     the subgroup
     * @throws InvalidEncodingException naming the failed check
     */
    public static boolean checkPrefix(Group group, byte[] bytes) {
        String what = label(group);
        if (bytes == null) {
            throw new InvalidEncodingException(what + ": missing bytes");
        }
        if (bytes.length != group.compressedSize()) {
            throw new InvalidEncodingException(
                    what + ": length " + bytes.length + " (expected " + group.compressedSize() + ")");
        }
        int flags = bytes[0] & 0xff;
        if ((flags & FLAG_COMPRESSION) == 0) {
            throw new InvalidEncodingException(what + ": compression flag clear (expected 0x80 set)");
        }
        if ((flags & FLAG_INFINITY) != 0) {
            if (flags != 0xc0 || !allZero(bytes, 1)) {
                throw new InvalidEncodingException(
                        what + ": bad infinity encoding " + String.format("%02x", flags) + "… (expected c0 then zeros)");
            }
            return true;
        }
        byte[] x = bytes.clone();
        x[0] &= 0x1f;
        for (int i = 0; i < group.compressedSize(); i += FP_BYTES) {
            // big-endian unsigned bytes of equal length compare like the numbers they encode
            if (Arrays.compareUnsigned(x, i, i + FP_BYTES, P_BYTES, 0, FP_BYTES) >= 0) {
                String part = group == Group.G1 ? "x" : (i == 0 ? "x.c1" : "x.c0");
                throw new InvalidEncodingException(what + ": " + part + " not below the field modulus p");
            }
        }
        return false;
    }

    /** The canonical infinity encoding: 0xc0 followed by zeros. */
    public static byte[] infinity(Group group) {
        byte[] b = new byte[group.compressedSize()];
        b[0] = (byte) 0xc0;
        return b;
    }

    public static String label(Group group) {
        return group == Group.G1 ? "g1 point" : "g2 point";
    }

    private static byte[] fpBytes(BigInteger v) {
        byte[] b = v.toByteArray(); // 48 bytes: p has 381 bits, so no sign byte
        if (b.length != FP_BYTES) {
            throw new IllegalStateException("p: " + b.length + " bytes");
        }
        return b;
    }

    private static boolean allZero(byte[] b, int from) {
        int acc = 0;
        for (int i = from; i < b.length; i++) {
            acc |= b[i];
        }
        return acc == 0;
    }
}
