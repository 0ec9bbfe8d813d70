package org.jdrand.node.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.node.sync.BeaconStreamSource;
import org.jdrand.proto.drand.BeaconPacket;
import org.jdrand.proto.drand.ProtocolGrpc;
import org.jdrand.proto.drand.SyncRequest;
import org.junit.jupiter.api.Test;

/**
 * The sync client asks a peer for {@link BeaconStreamSource#WINDOW} beacons and then only for as
 * many as it took, so its buffer stays bounded however far ahead the peer is (a peer serving
 * millions of rounds faster than they verify).
 */
class SyncStreamFlowControlTest {
    private static final int SERVED = BeaconStreamSource.WINDOW + 3_000;

    @Test
    void aPeerFarAheadDeliversOnlyTheWindowUntilMoreIsRequested() throws Exception {
        byte[] sig = new byte[96];
        sig[0] = (byte) 0xa0;
        Server peer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new ProtocolGrpc.ProtocolImplBase() {
                    @Override
                    public void syncChain(SyncRequest req, StreamObserver<BeaconPacket> obs) {
                        // a peer that ignores flow control: everything is queued on its side
                        for (long r = req.getFromRound(); r < req.getFromRound() + SERVED; r++) {
                            obs.onNext(ProtoMapper.toBeaconPacket(new Beacon(r, sig, sig), ProtoMapper.beaconIdOnly("default")));
                        }
                        obs.onCompleted();
                    }
                }).build().start();
        AtomicLong received = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        try (PeerChannels channels = new PeerChannels()) {
            String address = "127.0.0.1:" + peer.getPort();
            GrpcPeers peers = new GrpcPeers(channels, "default", java.util.List.of(address));
            BeaconStreamSource.Handle handle = peers.open(address, 1, new BeaconStreamSource.Sink() {
                @Override
                public void onBeacon(Beacon beacon) {
                    received.incrementAndGet();
                }

                @Override
                public void onError(Throwable error) { }

                @Override
                public void onCompleted() {
                    completed.incrementAndGet();
                }
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> received.get() >= BeaconStreamSource.WINDOW);
            // nothing past the window arrives while nothing more is requested
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> received.get() == BeaconStreamSource.WINDOW);
            handle.request(1_000);
            await().atMost(Duration.ofSeconds(20)).until(() -> received.get() == BeaconStreamSource.WINDOW + 1_000);
            handle.request(SERVED);
            await().atMost(Duration.ofSeconds(20)).until(() -> completed.get() == 1);
            assertThat(received.get()).isEqualTo(SERVED);
            handle.cancel();
        } finally {
            peer.shutdownNow();
        }
    }
}
