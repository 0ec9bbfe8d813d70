package org.jdrand.node.grpc;

import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One channel per peer address, shared by the daemon's beacon processes. Plaintext h2c for now:
 * drand dials TLS in production builds; TLS termination belongs to a proxy here.
 */
public final class PeerChannels implements AutoCloseable {
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final io.grpc.ChannelCredentials credentials;

    public PeerChannels() {
        this(InsecureChannelCredentials.create());
    }

    /** hook (ceremony): dial peers with {@code credentials} (TLS, or plaintext on trusted networks). */
    public PeerChannels(io.grpc.ChannelCredentials credentials) {
        this.credentials = credentials;
    }

    /**
     * The channel to {@code address}. A channel left in back-off by a peer that was down is
     * reset first: a restarted peer must get this round's partial, not one two minutes later.
     */
    public ManagedChannel channel(String address) {
        ManagedChannel ch = channels.computeIfAbsent(address, a -> Grpc.newChannelBuilder(a, credentials)
                .maxInboundMessageSize(16 << 20)
                .build());
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
