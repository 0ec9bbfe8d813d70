package org.jdrand.node.sync;

import org.jdrand.crypto.chain.Beacon;

/** Opens a peer's chain stream (drand.Protocol/SyncChain) from a round; the transport port of sync. */
public interface BeaconStreamSource {

    /** Streams {@code peer}'s beacons from {@code fromRound} into {@code sink} until cancelled. */
    Handle open(String peer, long fromRound, Sink sink);

    /** Receives the stream; called on a transport thread, so it must return quickly and never block. */
    interface Sink {
        void onBeacon(Beacon beacon);

        void onError(Throwable error);

        void onCompleted();
    }

    @FunctionalInterface
    interface Handle {
        void cancel();
    }
}
