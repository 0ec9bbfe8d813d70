package org.jdrand.node.grpc.dkg;

import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdrand.dkg.DkgBundle;
import org.jdrand.node.dkg.DkgNetwork;
import org.jdrand.node.dkg.GossipMessage;
import org.jdrand.proto.dkg.DKGPacket;
import org.jdrand.proto.dkg.DKGPublicGrpc;
import org.jdrand.proto.dkg.EmptyDKGResponse;

/** {@link DkgNetwork} over the daemon's peer channels (plaintext or TLS, as the daemon dials). */
public final class GrpcDkgNetwork implements DkgNetwork {
    private static final long DEADLINE_MS = 5_000;
    private final Function<String, Channel> channels;

    public GrpcDkgNetwork(Function<String, Channel> channels) {
        this.channels = channels;
    }

    @Override
    public void packet(String address, GossipMessage message) {
        DKGPublicGrpc.newBlockingStub(channels.apply(address)).withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
                .packet(DkgWire.toProto(message));
    }

    @Override
    public CompletableFuture<Void> broadcast(String address, String beaconId, DkgBundle bundle) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        DKGPacket packet = DkgWire.toProto(bundle, beaconId);
        DKGPublicGrpc.newStub(channels.apply(address)).withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
                .broadcastDKG(packet, new StreamObserver<>() {
                    @Override
                    public void onNext(EmptyDKGResponse value) { }

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

    @Override
    public String copyKey(String beaconId, DkgBundle bundle) {
        return DkgWire.copyKey(beaconId, DkgWire.toProto(bundle, beaconId).getDkg());
    }
}
