package org.jdrand.node.sync;

import java.util.concurrent.BlockingQueue;
import org.jdrand.crypto.chain.Beacon;

/** Opens a peer's chain stream (drand.Protocol/SyncChain) from a round; the transport port of sync. */
public interface BeaconStreamSource {

    /**
     * Beacons a flow-controlled source delivers beyond those asked for with {@link Handle#request}:
     * the sink's buffer stays bounded however far ahead the peer is.
     */
    int WINDOW = 8192;

    /**
     * Streams {@code peer}'s beacons from {@code fromRound} into {@code sink} until cancelled: the
     * first {@link #WINDOW}, then as many more as {@link Handle#request} asks for (a source without
     * flow control may deliver more).
     */
    Handle open(String peer, long fromRound, Sink sink);

    /** Receives the stream; called on a transport thread, so it must return quickly and never block. */
    interface Sink {
        void onBeacon(Beacon beacon);

        void onError(Throwable error);

        void onCompleted();

        /** A sink that hands everything to a consumer thread: beacons, the error, then {@code end}. */
        static Sink into(BlockingQueue<Object> queue, Object end) {
            return new Sink() {
                @Override
                public void onBeacon(Beacon beacon) {
                    queue.add(beacon);
                }

                @Override
                public void onError(Throwable error) {
                    queue.add(error);
                }

                @Override
                public void onCompleted() {
                    queue.add(end);
                }
            };
        }
    }

    @FunctionalInterface
    interface Handle {
        void cancel();

        /** Asks for {@code n} more beacons (the sink has taken {@code n} out of its buffer); any thread. */
        default void request(int n) { }
    }
}
