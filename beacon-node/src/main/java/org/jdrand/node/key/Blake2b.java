package org.jdrand.node.key;

import org.bouncycastle.crypto.digests.Blake2bDigest;

/** Unkeyed BLAKE2b-256, drand's IdentityHash (identity, node and group hashes). */
final class Blake2b {
    private final Blake2bDigest digest = new Blake2bDigest(256);

    Blake2b update(byte[] bytes) {
        digest.update(bytes, 0, bytes.length);
        return this;
    }

    byte[] digest() {
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    static byte[] hash(byte[] bytes) {
        return new Blake2b().update(bytes).digest();
    }
}
