package org.jdrand.crypto.chain;

import java.nio.charset.StandardCharsets;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;

/**
 * A node identity's self-signature (drand common/key/keys.go {@code SelfSign},
 * {@code ValidSignature}): BLS in the scheme's signature group over the ASCII scheme ID followed
 * by BLAKE2b-256 of the marshalled public key. The address is not signed.
 */
public final class Identity {
    private Identity() {}

    /** scheme ID ‖ BLAKE2b-256(public key). */
    public static byte[] selfSignMessage(Scheme scheme, byte[] publicKey) {
        byte[] id = scheme.id().getBytes(StandardCharsets.US_ASCII);
        byte[] hash = GroupHash.blake2b256(publicKey);
        byte[] msg = new byte[id.length + hash.length];
        System.arraycopy(id, 0, msg, 0, id.length);
        System.arraycopy(hash, 0, msg, id.length, hash.length);
        return msg;
    }

    /** The self-signature of the key pair (secret, secret·g). */
    public static byte[] selfSign(Bls bls, Scheme scheme, Scalar secret) {
        byte[] publicKey = bls.publicKey(scheme, secret).toBytes();
        return bls.sign(scheme, secret, selfSignMessage(scheme, publicKey));
    }

    /** False for a malformed or infinity key or signature, or a signature that does not verify. */
    public static boolean isValidSelfSignature(Bls bls, Scheme scheme, byte[] publicKey, byte[] signature) {
        Point key;
        try {
            key = bls.backend(scheme).decode(scheme.keyGroup(), publicKey);
        } catch (InvalidEncodingException e) {
            return false;
        }
        return bls.verify(scheme, key, selfSignMessage(scheme, publicKey), signature);
    }
}
