package org.jdrand.node.cli.control;

/** One participant of a DKG proposal file: address, public key and self-signature. */
public record ProposalMember(String address, byte[] key, byte[] signature) {
    public ProposalMember {
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
