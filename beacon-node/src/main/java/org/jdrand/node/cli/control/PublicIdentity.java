package org.jdrand.node.cli.control;

/** A node's public identity as it announces it (GetIdentity, PublicKey): not checked here. */
public record PublicIdentity(String address, byte[] key, byte[] signature, String schemeName) {
    public PublicIdentity {
        key = key.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
