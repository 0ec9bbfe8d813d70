package org.jdrand.node.dkg;

import java.util.Arrays;
import java.util.Objects;
import org.jdrand.crypto.Hex;

/** A ceremony participant (dkg.Participant): address, identity key and identity self-signature. */
public record Participant(String address, byte[] key, byte[] signature) {
    public Participant {
        Objects.requireNonNull(address, "address");
        key = Objects.requireNonNull(key, "key").clone();
        signature = signature == null ? new byte[0] : signature.clone();
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
    public boolean equals(Object o) {
        return o instanceof Participant p && p.address.equals(address) && Arrays.equals(p.key, key)
                && Arrays.equals(p.signature, signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, Arrays.hashCode(key));
    }

    @Override
    public String toString() {
        return address + "(" + Hex.shortHex(key) + ")";
    }
}
