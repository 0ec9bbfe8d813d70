package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Context;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.grpc.ProtoMapper;
import org.jdrand.node.store.SqliteChainStore;
import org.jdrand.proto.drand.BeaconPacket;
import org.jdrand.proto.drand.ChainInfoPacket;
import org.jdrand.proto.drand.ChainInfoRequest;
import org.jdrand.proto.drand.ControlGrpc;
import org.jdrand.proto.drand.Metadata;
import org.jdrand.proto.drand.ProtocolGrpc;
import org.jdrand.proto.drand.PublicGrpc;
import org.jdrand.proto.drand.PublicRandRequest;
import org.jdrand.proto.drand.PublicRandResponse;
import org.jdrand.proto.drand.SyncProgress;
import org.jdrand.proto.drand.SyncRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** StartFollowChain: a daemon without a share follows a running network over real gRPC, on the network's fake clock. */
@Timeout(120)
class FollowChainTest {

    @Test
    void followsUpToARoundThenForeverServesTheChainAndStopsWhenCancelled() throws Exception {
        try (TestNetwork net = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 3, 2, "default").startAll();
                FollowerNodes f = new FollowerNodes(net)) {
            net.runRounds(1, 10, TestNetwork.all(3));
            Daemon follower = f.start(null);
            ChainInfo info = net.group.chainInfo();
            List<SyncProgress> got = new ArrayList<>();
            f.control(follower).startFollowChain(f.request(10, info.hash(), f.node(0), f.node(1)))
                    .forEachRemaining(got::add);
            assertThat(FollowerNodes.pairs(got).get(got.size() - 1)).containsExactly(10, 10);
            assertThat(got).allSatisfy(p -> assertThat(p.getTarget()).isEqualTo(10));
            BeaconProcess p = follower.supervisor().byId("default").orElseThrow();
            assertThat(p.self()).isEmpty();
            assertThat(p.store().range(1, 10)).isEqualTo(net.chain(0, 10));

            // up_to 0: keeps following as the network produces rounds
            List<SyncProgress> forever = Collections.synchronizedList(new ArrayList<>());
            AtomicReference<Throwable> ended = new AtomicReference<>();
            Context.CancellableContext ctx = Context.current().withCancellation();
            ctx.run(() -> ControlGrpc.newStub(f.channel("127.0.0.1:" + follower.controlPort()))
                    .startFollowChain(f.request(0, info.hash(), f.node(2)), new StreamObserver<>() {
                        @Override
                        public void onNext(SyncProgress v) {
                            forever.add(v);
                        }

                        @Override
                        public void onError(Throwable t) {
                            ended.set(t);
                        }

                        @Override
                        public void onCompleted() {
                            ended.set(new AssertionError("a follow without up_to never completes"));
                        }
                    }));
            await().atMost(Duration.ofSeconds(20)).until(() -> !forever.isEmpty());
            assertThat(forever.get(0).getCurrent()).isEqualTo(10); // resumed, not from scratch
            for (long r = 11; r <= 13; r++) {
                net.runRounds(r, r, TestNetwork.all(3));
                long round = r;
                await().atMost(Duration.ofSeconds(20)).until(() -> p.engine().lastRound() >= round);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> forever.get(forever.size() - 1).getCurrent() == 13);
            assertThat(p.store().range(1, 13)).isEqualTo(net.chain(0, 13));
            assertThat(ended.get()).isNull();

            // the followed chain is served over Public gRPC
            PublicRandResponse r12 = PublicGrpc.newBlockingStub(f.channel(follower.privateAddress()))
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .publicRand(PublicRandRequest.newBuilder().setRound(12)
                            .setMetadata(Metadata.newBuilder().setBeaconID("default")).build());
            assertThat(r12.getSignature().toByteArray()).isEqualTo(net.chain(0, 12).get(11).signature());

            // cancelling stops the follow: another follow is accepted once the first has ended
            ctx.cancel(null);
            await().atMost(Duration.ofSeconds(20)).ignoreExceptionsMatching(e -> e instanceof StatusRuntimeException
                            && ((StatusRuntimeException) e).getStatus().getCode() == Status.Code.ALREADY_EXISTS)
                    .until(() -> {
                        List<SyncProgress> again = new ArrayList<>();
                        f.control(follower).startFollowChain(f.request(13, info.hash(), f.node(0)))
                                .forEachRemaining(again::add);
                        return FollowerNodes.pairs(again).size() == 1 && again.get(0).getCurrent() == 13;
                    });
            assertThat(follower.supervisor().byId("default")).isPresent(); // the chain stays served
        }
    }

    @Test
    void aRestartedFollowResumesFromTheStoredLastRound(@TempDir Path dir) throws Exception {
        FollowerStores sqlite = info -> SqliteChainStore.open(dir.resolve(info.beaconId() + ".sqlite"), info);
        try (TestNetwork net = new TestNetwork(Scheme.BLS_UNCHAINED_G1_RFC9380, 3, 2, "quicknet").startAll();
                FollowerNodes f = new FollowerNodes(net)) {
            net.runRounds(1, 12, TestNetwork.all(3));
            byte[] hash = net.group.chainInfo().hash();
            Daemon first = f.start(sqlite);
            List<SyncProgress> a = new ArrayList<>();
            f.control(first).startFollowChain(f.request(8, hash, f.node(0), f.node(1))).forEachRemaining(a::add);
            assertThat(FollowerNodes.pairs(a).get(0)).containsExactly(0, 8);
            assertThat(FollowerNodes.pairs(a).get(a.size() - 1)).containsExactly(8, 8);
            first.close();

            Daemon second = f.start(sqlite);
            List<SyncProgress> b = new ArrayList<>();
            f.control(second).startFollowChain(f.request(12, hash, f.node(1))).forEachRemaining(b::add);
            assertThat(FollowerNodes.pairs(b).get(0)).containsExactly(8, 12);
            assertThat(FollowerNodes.pairs(b).get(b.size() - 1)).containsExactly(12, 12);
            assertThat(second.supervisor().byId("quicknet").orElseThrow().store().range(1, 12)).isEqualTo(net.chain(0, 12));

            // a second call on the same daemon resumes too: nothing left to fetch
            List<SyncProgress> c = new ArrayList<>();
            f.control(second).startFollowChain(f.request(12, hash, f.node(2))).forEachRemaining(c::add);
            assertThat(FollowerNodes.pairs(c)).singleElement().satisfies(x -> assertThat(x).containsExactly(12, 12));
        }
    }

    @Test
    void refusesAChainWhoseHashIsNotTheOneAskedFor() throws Exception {
        try (TestNetwork net = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 3, 2, "default").startAll();
                FollowerNodes f = new FollowerNodes(net)) {
            net.runRounds(1, 2, TestNetwork.all(3));
            Daemon follower = f.start(null);
            byte[] wrong = Scheme.sha256().digest("another chain".getBytes());
            byte[] actual = net.group.chainInfo().hash();
            assertThatThrownBy(() -> f.control(follower).startFollowChain(f.request(2, wrong, f.node(0)))
                    .forEachRemaining(x -> { }))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                        assertThat(e.getStatus().getDescription()).isEqualTo("follow: chain hash "
                                + Hex.shortHex(actual) + " from " + f.node(0) + " (expected " + Hex.shortHex(wrong) + ")");
                    });
            assertThat(follower.supervisor().byId("default")).isEmpty();
            // a member refuses to follow its own beacon
            assertThatThrownBy(() -> f.control(net.daemons[1]).startFollowChain(f.request(2, actual, f.node(0)))
                    .forEachRemaining(x -> { }))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                            assertThat(e.getStatus().getDescription()).contains("member of its group"));
        }
    }

    @Test
    void aPeerServingAnInvalidBeaconIsDroppedForTheNext() throws Exception {
        try (TestNetwork net = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 3, 2, "default").startAll();
                FollowerNodes f = new FollowerNodes(net)) {
            net.runRounds(1, 12, TestNetwork.all(3));
            List<Beacon> honest = net.chain(0, 12);
            ChainInfo info = net.group.chainInfo();
            AtomicInteger evilStreams = new AtomicInteger();
            Server evil = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(new PublicGrpc.PublicImplBase() {
                        @Override
                        public void chainInfo(ChainInfoRequest req, StreamObserver<ChainInfoPacket> obs) {
                            obs.onNext(ProtoMapper.toChainInfo(info, ProtoMapper.metadata("default", info.hash())));
                            obs.onCompleted();
                        }
                    })
                    .addService(new ProtocolGrpc.ProtocolImplBase() {
                        @Override
                        public void syncChain(SyncRequest req, StreamObserver<BeaconPacket> obs) {
                            evilStreams.incrementAndGet();
                            for (Beacon b : honest) {
                                if (b.round() >= req.getFromRound()) {
                                    Beacon served = b.round() == 6 ? new Beacon(6, honest.get(2).signature(),
                                            b.previousSignature()) : b;
                                    obs.onNext(ProtoMapper.toBeaconPacket(served, ProtoMapper.beaconIdOnly("default")));
                                }
                            }
                            obs.onCompleted();
                        }
                    }).build().start();
            try {
                Daemon follower = f.start(null);
                List<SyncProgress> got = new ArrayList<>();
                // peers are tried in the order given: the forger first
                f.control(follower).startFollowChain(f.request(12, info.hash(), "127.0.0.1:" + evil.getPort(),
                        f.node(1))).forEachRemaining(got::add);
                assertThat(evilStreams.get()).isGreaterThanOrEqualTo(1);
                assertThat(FollowerNodes.pairs(got).get(got.size() - 1)).containsExactly(12, 12);
                assertThat(follower.supervisor().byId("default").orElseThrow().store().range(1, 12)).isEqualTo(honest);
            } finally {
                evil.shutdownNow();
            }
        }
    }

    @Test
    void whenEveryNodeFailsTheFollowIsRetriedAPeriodLater() throws Exception {
        try (TestNetwork net = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 3, 2, "default").startAll();
                FollowerNodes f = new FollowerNodes(net)) {
            net.runRounds(1, 10, TestNetwork.all(3));
            List<Beacon> honest = net.chain(0, 10);
            ChainInfo info = net.group.chainInfo();
            AtomicInteger streams = new AtomicInteger();
            // the only node: its first four sync streams fail, then it serves. One sync is two passes over
            // the nodes, and a follow may start two syncs at once: its own request and the engine's catch-up
            // trigger when it starts, which finds the first sync over when both streams failed quickly
            Server flaky = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(new PublicGrpc.PublicImplBase() {
                        @Override
                        public void chainInfo(ChainInfoRequest req, StreamObserver<ChainInfoPacket> obs) {
                            obs.onNext(ProtoMapper.toChainInfo(info, ProtoMapper.metadata("default", info.hash())));
                            obs.onCompleted();
                        }
                    })
                    .addService(new ProtocolGrpc.ProtocolImplBase() {
                        @Override
                        public void syncChain(SyncRequest req, StreamObserver<BeaconPacket> obs) {
                            if (streams.incrementAndGet() <= 4) {
                                obs.onError(Status.UNAVAILABLE.withDescription("not now").asException());
                                return;
                            }
                            for (Beacon b : honest) {
                                if (b.round() >= req.getFromRound()) {
                                    obs.onNext(ProtoMapper.toBeaconPacket(b, ProtoMapper.beaconIdOnly("default")));
                                }
                            }
                            obs.onCompleted();
                        }
                    }).build().start();
            try {
                Daemon follower = f.start(null);
                ControlGrpc.ControlBlockingStub stub = f.control(follower);
                java.util.concurrent.CompletableFuture<List<SyncProgress>> call =
                        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                            List<SyncProgress> got = new ArrayList<>();
                            stub.startFollowChain(f.request(10, info.hash(), "127.0.0.1:" + flaky.getPort()))
                                    .forEachRemaining(got::add);
                            return got;
                        });
                await().atMost(Duration.ofSeconds(20)).until(() -> streams.get() >= 2);
                assertThat(call).isNotDone();
                // nothing happens until the clock moves on by a period
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    net.clock.advance(Duration.ofSeconds(TestNetwork.PERIOD));
                    return call.isDone();
                });
                List<SyncProgress> got = call.get();
                assertThat(FollowerNodes.pairs(got).get(got.size() - 1)).containsExactly(10, 10);
                assertThat(streams.get()).isGreaterThanOrEqualTo(5);
                assertThat(follower.supervisor().byId("default").orElseThrow().store().range(1, 10)).isEqualTo(honest);
            } finally {
                flaky.shutdownNow();
            }
        }
    }
}
