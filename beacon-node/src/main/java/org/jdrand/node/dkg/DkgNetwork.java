package org.jdrand.node.dkg;

import org.jdrand.proto.dkg.DKGPacket;
import org.jdrand.proto.dkg.GossipPacket;

/** The ceremony's outgoing messages to one peer (dkg.DKGPublic); blocking, bounded by a deadline. */
public interface DkgNetwork {
    /** Sends a gossip packet; throws on any failure. */
    void packet(String address, GossipPacket packet) throws Exception;

    /** Sends a DKG bundle for echo broadcast; throws on any failure. */
    void broadcast(String address, DKGPacket packet) throws Exception;
}
