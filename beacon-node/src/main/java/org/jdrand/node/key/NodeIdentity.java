package org.jdrand.node.key;

import java.util.Arrays;
import java.util.Objects;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.GroupHash;
import org.jdrand.crypto.chain.Identity;

/**
 * A node's public identity (drand key.Identity): address, public key in the scheme's key group,
 * self-signature and scheme. The address is not signed (spec beacon-and-crypto.md §10).
 */
public final class NodeIdentity {
    private final String address;
    private final Point key;
    private final byte[] signature;
    private final Scheme scheme;

    public NodeIdentity(String address, Point key, byte[] signature, Scheme scheme) {
        this.address = NodeAddress.requireValid(address);
        this.key = Objects.requireNonNull(key, "key");
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        if (key.group() != scheme.keyGroup()) {
            throw new IllegalArgumentException("identity " + address + ": key in " + key.group() + " (expected "
                    + scheme.keyGroup() + " for " + scheme.id() + ")");
        }
        if (key.isInfinity()) {
            throw new IllegalArgumentException("identity " + address + ": key is the point at infinity");
        }
        this.signature = signature == null ? new byte[0] : signature.clone();
    }

    /** The message a node signs about itself: ASCII scheme ID ‖ BLAKE2b-256(key bytes). */
    public static byte[] selfSignatureMessage(Scheme scheme, Point key) {
        return Identity.selfSignMessage(scheme, key.toBytes());
    }

    /** True iff the signature is a valid BLS signature of {@link #selfSignatureMessage} under the key. */
    public boolean hasValidSignature(Bls bls) {
        return Identity.isValidSelfSignature(bls, scheme, key.toBytes(), signature);
    }

    /** drand Identity.Hash: BLAKE2b-256 of the marshalled key. */
    public byte[] hash() {
        return GroupHash.blake2b256(key.toBytes());
    }

    public String address() {
        return address;
    }

    public Point key() {
        return key;
    }

    public byte[] signature() {
        return signature.clone();
    }

    public Scheme scheme() {
        return scheme;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeIdentity n && n.address.equals(address) && n.key.equals(key)
                && Arrays.equals(n.signature, signature) && n.scheme.equals(scheme);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, key);
    }

    @Override
    public String toString() {
        return "NodeIdentity[" + address + ", key=" + Hex.shortHex(key.toBytes()) + ", " + scheme.id() + "]";
    }
}
