package org.jdrand.dkg.ceremony;

import java.util.Arrays;
import java.util.Objects;
import org.jdrand.crypto.Hex;

/**
 * A ceremony participant ({@code dkg.Participant}): address host:port, marshalled key-group
 * public key and identity self-signature. Equal by content, as drand compares them.
 */
public record Participant(String address, byte[] key, byte[] signature) {
    public Participant {
        Objects.requireNonNull(address, "address");
        key = key == null ? new byte[0] : key.clone();
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

    byte[] signatureUnsafe() {
        return signature;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Participant p && p.address.equals(address) && Arrays.equals(p.key, key)
                && Arrays.equals(p.signature, signature);
    }

    @Override
    public int hashCode() {
        return address.hashCode() * 31 + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "Participant[" + address + ", " + Hex.shortHex(key) + "]";
    }
}
