package org.jdrand.node.grpc;

import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jdrand.node.engine.EngineObserver;

/**
 * One channel per peer address, shared by the daemon's beacon processes and the DKG. Every
 * channel uses the credentials chosen at start (TLS, or plaintext with --insecure): never a
 * fallback from one to the other.
 */
public final class PeerChannels implements AutoCloseable {
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final io.grpc.ChannelCredentials credentials;
    private final EngineObserver observer;

    /** Plaintext, unobserved: tests, benchmarks, trusted networks. */
    public PeerChannels() {
        this(InsecureChannelCredentials.create(), EngineObserver.NONE);
    }

    /**
     * @param credentials how peers are dialled (TLS, or plaintext on trusted networks)
     * @param observer    told of each failed connection attempt (metrics)
     */
    public PeerChannels(io.grpc.ChannelCredentials credentials, EngineObserver observer) {
        this.credentials = credentials;
        this.observer = observer;
    }

    /** Peers with a connected channel (drand's outgoing_group_connections). */
    public int connectedCount() {
        return (int) channels.values().stream().filter(c -> c.getState(false) == ConnectivityState.READY).count();
    }

    /**
     * Each dialled peer's channel state in drand's numbering (outgoing_connection_state, after
     * grpc-go's connectivity.State): 0 idle, 1 connecting, 2 ready, 3 transient failure, 4 shutdown.
     */
    public java.util.Map<String, Integer> states() {
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        channels.forEach((address, ch) -> out.put(address, switch (ch.getState(false)) {
            case IDLE -> 0;
            case CONNECTING -> 1;
            case READY -> 2;
            case TRANSIENT_FAILURE -> 3;
            case SHUTDOWN -> 4;
        }));
        return out;
    }

    private void watch(String address, ManagedChannel ch, ConnectivityState from) {
        ch.notifyWhenStateChanged(from, () -> {
            ConnectivityState now = ch.getState(false);
            if (now == ConnectivityState.TRANSIENT_FAILURE) {
                observer.dialFailed(address);
            }
            if (now != ConnectivityState.SHUTDOWN) {
                watch(address, ch, now);
            }
        });
    }

    /**
     * The channel to {@code address}. A channel left in back-off by a peer that was down is
     * reset first: a restarted peer must get this round's partial, not one two minutes later.
     */
    public ManagedChannel channel(String address) {
        ManagedChannel ch = channels.computeIfAbsent(address, a -> {
            ManagedChannel c = Grpc.newChannelBuilder(a, credentials)
                    .maxInboundMessageSize(16 << 20)
                    .build();
            watch(a, c, c.getState(false));
            return c;
        });
        if (ch.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            ch.resetConnectBackoff();
        }
        return ch;
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        for (ManagedChannel c : channels.values()) {
            try {
                c.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        channels.clear();
    }
}
