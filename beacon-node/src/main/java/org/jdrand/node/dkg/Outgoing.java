package org.jdrand.node.dkg;

import java.util.List;
import org.jdrand.proto.dkg.GossipPacket;

/** A prepared gossip: the signed packet (null when nothing goes out) and who gets it. */
record Outgoing(String beaconId, GossipPacket packet, List<String> to) {
    Outgoing {
        to = List.copyOf(to);
    }

    static Outgoing none(String beaconId) {
        return new Outgoing(beaconId, null, List.of());
    }
}
