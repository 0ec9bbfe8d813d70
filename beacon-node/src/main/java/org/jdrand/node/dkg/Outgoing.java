package org.jdrand.node.dkg;

import java.util.List;

/** A prepared gossip: the signed message (null when nothing goes out) and who gets it. */
record Outgoing(String beaconId, GossipMessage packet, List<String> to) {
    Outgoing {
        to = List.copyOf(to);
    }

    static Outgoing none(String beaconId) {
        return new Outgoing(beaconId, null, List.of());
    }
}
