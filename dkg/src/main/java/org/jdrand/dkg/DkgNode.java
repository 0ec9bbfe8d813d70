package org.jdrand.dkg;

import java.util.Objects;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;

/** A DKG participant: its index (position in the sorted node list) and its long-term key-group public key. */
public record DkgNode(int index, Point publicKey) {
    public DkgNode {
        Objects.requireNonNull(publicKey, "publicKey");
        if (index < 0) {
            throw new IllegalArgumentException("dkg node: negative index " + index);
        }
        if (publicKey.isInfinity()) {
            throw new IllegalArgumentException("dkg node " + index + ": public key is the point at infinity");
        }
    }

    @Override
    public String toString() {
        return "DkgNode[" + index + ", " + Hex.shortHex(publicKey.toBytes()) + "]";
    }
}
