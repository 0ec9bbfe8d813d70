package org.jdrand.tlock;

import java.util.Arrays;
import org.jdrand.crypto.Group;

/**
 * A Boneh-Franklin FullIdent ciphertext (kyber encrypt/ibe): U = r·g in the ciphertext group
 * (compressed; uncompressed on BN254), V = σ ⊕ H2(e(·)^r), W = M ⊕ H4(σ). Serialised as U ‖ V ‖ W, V and W of equal length,
 * as drand/tlock's CiphertextToBytes. Immutable; bytes are copied in and out.
 */
public final class IbeCiphertext {
    private final byte[] u;
    private final byte[] v;
    private final byte[] w;

    public IbeCiphertext(byte[] u, byte[] v, byte[] w) {
        if (v.length != w.length || v.length == 0) {
            throw new IllegalArgumentException("ibe ciphertext: V of " + v.length + " bytes, W of " + w.length + " (expected equal, non-empty)");
        }
        this.u = u.clone();
        this.v = v.clone();
        this.w = w.clone();
    }

    /**
     * Splits U ‖ V ‖ W for a U in {@code group} and a message of {@code messageLength} bytes.
     *
     * @throws IllegalArgumentException when the length is not exactly U + 2·messageLength
     */
    public static IbeCiphertext fromBytes(Group group, byte[] body, int messageLength) {
        return fromBytes(group, group.compressedSize(), body, messageLength);
    }

    /** {@link #fromBytes(Group, byte[], int)} for a U encoded as {@code s} encodes it (uncompressed on BN254). */
    public static IbeCiphertext fromBytes(TlockScheme s, byte[] body, int messageLength) {
        return fromBytes(s.ciphertextGroup(), s.ciphertextPointSize(), body, messageLength);
    }

    private static IbeCiphertext fromBytes(Group group, int uLen, byte[] body, int messageLength) {
        int expected = uLen + 2 * messageLength;
        if (body.length != expected) {
            throw new IllegalArgumentException("ibe ciphertext: length " + body.length + " (expected " + expected + ": U in "
                    + group + " of " + uLen + " bytes, V and W of " + messageLength + ")");
        }
        return new IbeCiphertext(Arrays.copyOfRange(body, 0, uLen), Arrays.copyOfRange(body, uLen, uLen + messageLength),
                Arrays.copyOfRange(body, uLen + messageLength, body.length));
    }

    public byte[] u() {
        return u.clone();
    }

    public byte[] v() {
        return v.clone();
    }

    public byte[] w() {
        return w.clone();
    }

    public byte[] toBytes() {
        byte[] out = new byte[u.length + v.length + w.length];
        System.arraycopy(u, 0, out, 0, u.length);
        System.arraycopy(v, 0, out, u.length, v.length);
        System.arraycopy(w, 0, out, u.length + v.length, w.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IbeCiphertext c && Arrays.equals(c.u, u) && Arrays.equals(c.v, v) && Arrays.equals(c.w, w);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }
}
