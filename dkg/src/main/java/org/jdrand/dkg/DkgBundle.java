package org.jdrand.dkg;

/**
 * A signed DKG message as it travels in a {@code dkg.Packet}: a deal, response or
 * justification bundle. Values mirror the protobuf fields; indices are uint32 on the wire.
 */
public sealed interface DkgBundle permits DealBundle, ResponseBundle, JustificationBundle {
    /** The index of the signer: dealer index for deals and justifications, share index for responses. */
    int signerIndex();

    byte[] sessionId();

    byte[] signature();

    /** SHA-256 over the layout of dkg.md §3; this is what the Schnorr signature covers. */
    byte[] hash();

    /** The same bundle with another signature. */
    DkgBundle withSignature(byte[] signature);
}
