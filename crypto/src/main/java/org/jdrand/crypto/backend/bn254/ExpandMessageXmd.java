package org.jdrand.crypto.backend.bn254;

import org.bouncycastle.crypto.ExtendedDigest;

/**
 * RFC 9380 §5.3.1 expand_message_xmd over any Merkle-Damgård or sponge digest whose input block
 * is {@link ExtendedDigest#getByteLength()} (64 for SHA-256, 136 for Keccak-256). Bouncy
 * Castle's own expander is tied to SHA-2, hence this one.
 */
final class ExpandMessageXmd {
    private ExpandMessageXmd() {}

    static byte[] expand(ExtendedDigest h, byte[] msg, byte[] dst, int lenInBytes) {
        int b = h.getDigestSize();
        int ell = (lenInBytes + b - 1) / b;
        if (ell > 255 || lenInBytes > 65535) {
            throw new IllegalArgumentException("expand_message_xmd: length " + lenInBytes + " too large");
        }
        if (dst.length > 255) {
            throw new IllegalArgumentException("expand_message_xmd: dst length " + dst.length + " (expected <= 255)");
        }
        h.reset();
        h.update(new byte[h.getByteLength()], 0, h.getByteLength()); // Z_pad
        h.update(msg, 0, msg.length);
        h.update((byte) (lenInBytes >>> 8));
        h.update((byte) lenInBytes);
        h.update((byte) 0);
        updateDstPrime(h, dst);
        byte[] b0 = new byte[b];
        h.doFinal(b0, 0);

        byte[] out = new byte[lenInBytes];
        byte[] bi = new byte[b];
        byte[] chain = b0.clone(); // b_0 xor b_(i-1); for i = 1 just b_0
        for (int i = 1; i <= ell; i++) {
            if (i > 1) {
                for (int j = 0; j < b; j++) {
                    chain[j] = (byte) (b0[j] ^ bi[j]);
                }
            }
            h.update(chain, 0, b);
            h.update((byte) i);
            updateDstPrime(h, dst);
            h.doFinal(bi, 0);
            System.arraycopy(bi, 0, out, (i - 1) * b, Math.min(b, lenInBytes - (i - 1) * b));
        }
        return out;
    }

    private static void updateDstPrime(ExtendedDigest h, byte[] dst) {
        h.update(dst, 0, dst.length);
        h.update((byte) dst.length);
    }
}
