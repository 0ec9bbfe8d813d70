package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.node.engine.RoundEngine;
import org.jdrand.node.engine.ThresholdBeaconCrypto;
import org.jdrand.node.grpc.GrpcPeers;
import org.jdrand.node.grpc.PeerChannels;
import org.jdrand.node.grpc.ProtoMapper;
import org.jdrand.node.store.MemoryChainStore;
import org.jdrand.node.sync.SyncManager;
import org.jdrand.proto.drand.BeaconPacket;
import org.jdrand.proto.drand.ProtocolGrpc;
import org.jdrand.proto.drand.SyncRequest;
import org.junit.jupiter.api.Test;

/** A sync peer that serves a tampered beacon is dropped; the next peer's chain is stored, fully verified. */
class SyncFromBadPeerTest {

    @Test
    void invalidBeaconFromPeerIsRejectedAndNextPeerUsed() throws Exception {
        try (TestNetwork net = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 5, 3, "default").startAll()) {
            net.runRounds(1, 30, TestNetwork.all(5));
            List<Beacon> honest = net.chain(0, 30);
            AtomicInteger evilCalls = new AtomicInteger();
            Server evil = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(new ProtocolGrpc.ProtocolImplBase() {
                        @Override
                        public void syncChain(SyncRequest req, StreamObserver<BeaconPacket> obs) {
                            evilCalls.incrementAndGet();
                            for (Beacon b : honest) {
                                if (b.round() < req.getFromRound()) {
                                    continue;
                                }
                                Beacon served = b.round() == 15
                                        ? new Beacon(15, honest.get(13).signature(), b.previousSignature())
                                        : b;
                                obs.onNext(ProtoMapper.toBeaconPacket(served, ProtoMapper.beaconIdOnly("default")));
                            }
                            obs.onCompleted();
                        }
                    }).build().start();
            String evilAddress = "127.0.0.1:" + evil.getPort();
            String goodAddress = "127.0.0.1:" + net.ports[1];
            List<String> peers = List.of(evilAddress, goodAddress);
            long seed = 0;
            while (true) {
                List<String> order = new ArrayList<>(peers);
                Collections.shuffle(order, new Random(seed));
                if (order.get(0).equals(evilAddress)) {
                    break;
                }
                seed++;
            }
            ExecutorService pool = Executors.newFixedThreadPool(1);
            MemoryChainStore store = new MemoryChainStore(net.group.chainInfo(), 1000);
            ThresholdBeaconCrypto follower = new ThresholdBeaconCrypto(TestNetwork.BACKEND, net.scheme,
                    net.pubPoly.commits().stream().map(org.jdrand.crypto.Point::toBytes).toList(), 5, null);
            try (PeerChannels channels = new PeerChannels();
                    RoundEngine engine = new RoundEngine("default", net.group.chainInfo(), Duration.ofSeconds(1), follower,
                            store, net.clock, pool, (r, p, s) -> { });
                    SyncManager sync = new SyncManager(engine, new GrpcPeers(channels, "default", peers),
                            peers, new Random(seed), Duration.ofSeconds(5))) {
                List<long[]> progress = Collections.synchronizedList(new ArrayList<>());
                sync.addProgressListener((current, target) -> progress.add(new long[] {current, target}));
                sync.requestSync(30);
                await().atMost(Duration.ofSeconds(20)).until(() -> engine.lastRound() == 30);
                assertThat(evilCalls.get()).isGreaterThanOrEqualTo(1);
                assertThat(store.range(1, 30)).isEqualTo(honest);
                // progress is reported after the append: it may trail lastRound() by a moment
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(progress).isNotEmpty();
                    assertThat(progress.get(progress.size() - 1)).containsExactly(30, 30);
                });
            } finally {
                evil.shutdownNow();
                pool.shutdownNow();
            }
        }
    }
}
