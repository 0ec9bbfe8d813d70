package org.jdrand.dkg.ceremony;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;

/**
 * Checks a participant's identity self-signature (beacon-and-crypto.md §10): BLS with the
 * scheme's AuthScheme over ASCII scheme ID ‖ BLAKE2b-256(marshalled public key). Proposals with
 * an invalid joiner signature are rejected.
 */
@FunctionalInterface
public interface IdentityCheck {
    boolean isValid(Participant participant);

    static IdentityCheck forScheme(BlsBackend backend, Scheme scheme) {
        Bls bls = new Bls(backend);
        return p -> {
            Point key;
            try {
                key = bls.backend(scheme).decode(scheme.keyGroup(), p.key());
            } catch (InvalidEncodingException e) {
                return false;
            }
            return bls.verify(scheme, key, message(scheme, p.key()), p.signature());
        };
    }

    /** scheme ID ‖ BLAKE2b-256(key). */
    static byte[] message(Scheme scheme, byte[] key) {
        Blake2bDigest blake = new Blake2bDigest(256);
        blake.update(key, 0, key.length);
        byte[] hash = new byte[32];
        blake.doFinal(hash, 0);
        byte[] id = scheme.id().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] out = java.util.Arrays.copyOf(id, id.length + hash.length);
        System.arraycopy(hash, 0, out, id.length, hash.length);
        return out;
    }
}
