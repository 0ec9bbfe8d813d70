package org.jdrand.node.beacon;

import java.util.Objects;
import org.jdrand.crypto.Hex;

/** One node of a group file: share index, host:port address, identity key and self-signature. */
public record GroupMember(int index, String address, byte[] key, byte[] signature) {
    public GroupMember {
        Objects.requireNonNull(address, "address");
        key = Objects.requireNonNull(key, "key").clone();
        signature = signature == null ? new byte[0] : signature.clone();
        if (index < 0) {
            throw new IllegalArgumentException("group member " + address + ": index " + index + " (expected >= 0)");
        }
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public String toString() {
        return "GroupMember[" + index + ", " + address + ", key=" + Hex.shortHex(key) + "]";
    }
}
