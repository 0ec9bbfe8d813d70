package org.jdrand.node.dkg;

import java.util.concurrent.CompletableFuture;
import org.jdrand.dkg.DkgBundle;

/** The ceremony's outgoing messages to one peer (dkg.DKGPublic), bounded by a deadline. */
public interface DkgNetwork {
    /** Sends a gossip message; throws on any failure. */
    void packet(String address, GossipMessage message) throws Exception;

    /**
     * Sends a DKG bundle for echo broadcast without blocking (all peers at once over their
     * HTTP/2 connections); the future fails on any error.
     */
    CompletableFuture<Void> broadcast(String address, String beaconId, DkgBundle bundle);

    /**
     * The key under which copies of {@code bundle} arrive from peers (its wire bytes' hash, as
     * the receiving adapter computes it), so this node's own bundle is dropped unread when it
     * comes back as an echo.
     */
    String copyKey(String beaconId, DkgBundle bundle);
}
