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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A sync peer that serves a tampered beacon is dropped; the next peer's chain is stored, fully
 * verified. Tampered: another round's signature (chained), or for quicknet the round's own
 * signature plus the point (0, 2) of order 3, which the pairing cannot see: only the subgroup
 * check (batched for quicknet's larger chunks) refuses it.
 */
class SyncFromBadPeerTest {
    private static final byte[] ORDER_3 = org.jdrand.crypto.backend.Points.compressG1(java.math.BigInteger.ZERO,
            java.math.BigInteger.TWO);

    @ParameterizedTest
    @CsvSource({"pedersen-bls-chained, 30, 15", "bls-unchained-g1-rfc9380, 120, 70"})
    void invalidBeaconFromPeerIsRejectedAndNextPeerUsed(String schemeId, int rounds, int badRound) throws Exception {
        Scheme scheme = Scheme.byId(schemeId);
        try (TestNetwork net = new TestNetwork(scheme, 5, 3, "default").startAll()) {
            net.runRounds(1, rounds, TestNetwork.all(5));
            List<Beacon> honest = net.chain(0, rounds);
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
                                Beacon served = b.round() != badRound ? b
                                        : scheme.chained() ? new Beacon(badRound, honest.get(badRound - 2).signature(), b.previousSignature())
                                        : new Beacon(badRound, org.jdrand.crypto.backend.Points.addG1(b.signature(), ORDER_3), b.previousSignature());
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
                sync.requestSync(rounds);
                await().atMost(Duration.ofSeconds(30)).until(() -> engine.lastRound() == rounds);
                assertThat(evilCalls.get()).isGreaterThanOrEqualTo(1);
                assertThat(store.range(1, rounds)).isEqualTo(honest);
                // progress is reported after the append: it may trail lastRound() by a moment
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(progress).isNotEmpty();
                    assertThat(progress.get(progress.size() - 1)).containsExactly(rounds, rounds);
                });
            } finally {
                evil.shutdownNow();
                pool.shutdownNow();
            }
        }
    }
}
