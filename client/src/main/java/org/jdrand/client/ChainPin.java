package org.jdrand.client;

import java.util.Arrays;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * What the client is pinned to (chain hash, and optionally the group public key) and the check
 * every fetched chain info must pass before the client trusts it.
 */
final class ChainPin {
    private final byte[] hash;
    private final byte[] publicKey;
    private final BlsBackend backend;

    /** @param hash null when unpinned; @param publicKey null when only the hash is pinned */
    ChainPin(byte[] hash, byte[] publicKey, BlsBackend backend) {
        this.hash = hash == null ? null : hash.clone();
        this.publicKey = publicKey == null ? null : publicKey.clone();
        this.backend = backend;
    }

    /** The pinned chain hash in hex, or null when unpinned. */
    String hashHex() {
        return hash == null ? null : Hex.encode(hash);
    }

    /** The chain info as served by {@code e}, if it matches the pin. */
    ChainInfo check(Endpoint e, ChainInfo info) {
        if (hash != null && !Arrays.equals(hash, info.hash())) {
            throw new ChainMismatchException("chain info from " + e.url() + ": chain hash " + Hex.shortHex(info.hash())
                    + " (expected pinned " + Hex.shortHex(hash) + ")");
        }
        if (publicKey != null && !Arrays.equals(publicKey, info.publicKey())) {
            throw new ChainMismatchException("chain info from " + e.url() + ": public key "
                    + Hex.shortHex(info.publicKey()) + " (expected pinned " + Hex.shortHex(publicKey) + ")");
        }
        return info;
    }

    /** The chain info with its verifier; a public key that is no valid point is another chain. */
    DrandClient.Verified verified(ChainInfo info) {
        try {
            return new DrandClient.Verified(info, info.hashHex(), BeaconVerifier.forChain(backend, info));
        } catch (InvalidEncodingException e) {
            throw new ChainMismatchException("chain info: public key " + Hex.shortHex(info.publicKey())
                    + " is not a valid " + info.scheme().keyGroup() + " point (" + e.getMessage() + ")");
        }
    }
}
