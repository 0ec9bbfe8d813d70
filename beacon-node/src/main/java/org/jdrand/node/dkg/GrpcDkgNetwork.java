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
    public java.util.concurrent.CompletableFuture<Void> broadcast(String address, DKGPacket packet) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        DKGPublicGrpc.newStub(channels.apply(address)).withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
                .broadcastDKG(packet, new io.grpc.stub.StreamObserver<>() {
                    @Override
                    public void onNext(org.jdrand.proto.dkg.EmptyDKGResponse value) { }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(null);
                    }
                });
        return done;
    }
}
