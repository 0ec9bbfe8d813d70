package org.jdrand.node.dkg;

import org.jdrand.proto.dkg.DKGPacket;
import org.jdrand.proto.dkg.GossipPacket;

/** The ceremony's outgoing messages to one peer (dkg.DKGPublic), bounded by a deadline. */
public interface DkgNetwork {
    /** Sends a gossip packet; throws on any failure. */
    void packet(String address, GossipPacket packet) throws Exception;

    /**
     * Sends a DKG bundle for echo broadcast without blocking (all peers at once over their
     * HTTP/2 connections); the future fails on any error.
     */
    java.util.concurrent.CompletableFuture<Void> broadcast(String address, DKGPacket packet);
}
