package org.jdrand.node.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jdrand.proto.drand.BeaconPacket;
import org.jdrand.proto.drand.ProtocolGrpc;
import org.jdrand.proto.drand.StatusRequest;
import org.jdrand.proto.drand.StatusResponse;
import org.jdrand.proto.drand.SyncRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SyncChain learns the caller's host:port (its stream's callback ID); other calls are not wrapped. */
@Timeout(60)
class SyncStreamsAddressTest {

    @Test
    void syncChainSeesTheCallersHostAndPortOtherMethodsNothing() throws Exception {
        List<Optional<String>> syncRemotes = new CopyOnWriteArrayList<>();
        List<Optional<String>> statusRemotes = new CopyOnWriteArrayList<>();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .intercept(SyncStreams.remoteAddress())
                .addService(new ProtocolGrpc.ProtocolImplBase() {
                    @Override
                    public void syncChain(SyncRequest req, StreamObserver<BeaconPacket> obs) {
                        syncRemotes.add(Optional.ofNullable(SyncStreams.currentRemote()));
                        obs.onCompleted();
                    }

                    @Override
                    public void status(StatusRequest req, StreamObserver<StatusResponse> obs) {
                        LoopbackProtocol.answerStatus(statusRemotes, Optional.ofNullable(SyncStreams.currentRemote()), obs);
                    }
                }).build().start();
        ManagedChannel ch = LoopbackProtocol.channel(server);
        try {
            ProtocolGrpc.ProtocolBlockingStub stub = LoopbackProtocol.stub(ch);
            stub.syncChain(SyncRequest.newBuilder().setFromRound(1).build()).forEachRemaining(b -> { });
            stub.status(LoopbackProtocol.anyStatus());
        } finally {
            ch.shutdownNow();
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        assertThat(syncRemotes).hasSize(1);
        assertThat(syncRemotes.get(0)).hasValueSatisfying(r -> assertThat(r).matches("127\\.0\\.0\\.1:\\d+"));
        assertThat(statusRemotes).containsExactly(Optional.empty());
    }

    @Test
    void hostPortIsWhatFollowsTheFirstSlash() throws Exception {
        InetAddress lo = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        assertThat(SyncStreams.hostPort(new InetSocketAddress(lo, 4444))).isEqualTo("127.0.0.1:4444");
        assertThat(SyncStreams.hostPort(new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 2}), 80)))
                .isEqualTo("10.0.0.2:80");
        assertThat(SyncStreams.hostPort(new java.net.SocketAddress() {
            @Override
            public String toString() {
                return "local:x";
            }
        })).isEqualTo("local:x");
    }
}
