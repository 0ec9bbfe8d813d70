package org.jdrand.node.dkg;

import java.util.Objects;
import org.jdrand.dkg.ceremony.GossipPayload;

/**
 * A signed ceremony gossip (drand's dkg.GossipPacket without its kyber-bundle case, which goes
 * to the bundle inbox): who sent what about which beacon ID.
 *
 * @param sender     the signer's address (GossipMetadata.address)
 * @param signature  the sender's BLS signature over {@code GossipSigning.message}
 * @param reason     a rejection's free-text reason (not signed), else ""
 */
public record GossipMessage(String beaconId, String sender, byte[] signature, GossipPayload payload, String reason) {
    public GossipMessage {
        Objects.requireNonNull(beaconId, "beaconId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(payload, "payload");
        signature = signature == null ? new byte[0] : signature.clone();
        reason = reason == null ? "" : reason;
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
