package org.jdrand.node.dkg;

import io.grpc.Channel;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdrand.proto.dkg.DKGPacket;
import org.jdrand.proto.dkg.DKGPublicGrpc;
import org.jdrand.proto.dkg.GossipPacket;

/** {@link DkgNetwork} over the daemon's peer channels (plaintext or TLS, as the daemon dials). */
public final class GrpcDkgNetwork implements DkgNetwork {
    private static final long DEADLINE_MS = 5_000;
    private final Function<String, Channel> channels;

    public GrpcDkgNetwork(Function<String, Channel> channels) {
        this.channels = channels;
    }

    @Override
    public void packet(String address, GossipPacket packet) {
        DKGPublicGrpc.newBlockingStub(channels.apply(address)).withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
                .packet(packet);
    }

    @Override
    public void broadcast(String address, DKGPacket packet) {
        DKGPublicGrpc.newBlockingStub(channels.apply(address)).withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
                .broadcastDKG(packet);
    }
}
