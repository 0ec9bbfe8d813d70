package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.node.grpc.ProtoMapper;
import org.jdrand.proto.drand.ChainInfoPacket;
import org.jdrand.proto.drand.ChainInfoRequest;
import org.jdrand.proto.drand.ControlGrpc;
import org.jdrand.proto.drand.GroupPacket;
import org.jdrand.proto.drand.GroupRequest;
import org.jdrand.proto.drand.IdentityRequest;
import org.jdrand.proto.drand.IdentityResponse;
import org.jdrand.proto.drand.ListBeaconIDsRequest;
import org.jdrand.proto.drand.ListBeaconIDsResponse;
import org.jdrand.proto.drand.ListSchemesRequest;
import org.jdrand.proto.drand.Metadata;
import org.jdrand.proto.drand.NodeVersion;
import org.jdrand.proto.drand.Ping;
import org.jdrand.proto.drand.ProtocolGrpc;
import org.jdrand.proto.drand.PublicGrpc;
import org.jdrand.proto.drand.PublicKeyRequest;
import org.jdrand.proto.drand.PublicRandRequest;
import org.jdrand.proto.drand.PublicRandResponse;
import org.jdrand.proto.drand.ShutdownRequest;
import org.jdrand.proto.drand.StatusRequest;
import org.jdrand.proto.drand.StatusResponse;
import org.jdrand.proto.drand.SyncRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gRPC surface of a running multibeacon network: two beacon IDs with different schemes on the
 * same 5 daemons; routing, version gate, PublicRand waiting, streams, control and health.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaemonServicesTest {
    private TestNetwork def;
    private TestNetwork quick;
    private ManagedChannel channel;
    private ManagedChannel control;

    @BeforeAll
    void setUp() throws Exception {
        def = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 5, 3, "default").startAll();
        quick = new TestNetwork(def, Scheme.BLS_UNCHAINED_G1_RFC9380, "quicknet").startAll();
        for (long r = 1; r <= 5; r++) {
            def.advanceToRound(r);
            def.awaitRound(r, TestNetwork.all(5));
            quick.awaitRound(r, TestNetwork.all(5));
        }
        channel = Grpc.newChannelBuilder("127.0.0.1:" + def.ports[0], InsecureChannelCredentials.create()).build();
        control = Grpc.newChannelBuilder("127.0.0.1:" + def.daemons[0].controlPort(), InsecureChannelCredentials.create())
                .build();
    }

    @AfterAll
    void tearDown() {
        channel.shutdownNow();
        control.shutdownNow();
        def.close();
    }

    private PublicGrpc.PublicBlockingStub pub() {
        return PublicGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static Metadata id(String beaconId) {
        return Metadata.newBuilder().setBeaconID(beaconId).build();
    }

    private static Status.Code code(Runnable call) {
        try {
            call.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    @Test
    void beaconsAreRoutedByIdAndChainHash() throws Exception {
        ListBeaconIDsResponse ids = pub().listBeaconIDs(ListBeaconIDsRequest.getDefaultInstance());
        assertThat(ids.getIdsList()).containsExactly("default", "quicknet");
        assertThat(ids.getMetadatas(1).getChainHash().toByteArray()).isEqualTo(quick.group.chainInfo().hash());

        PublicRandResponse viaEmpty = pub().publicRand(PublicRandRequest.newBuilder().setRound(3).setMetadata(id("")).build());
        assertThat(ProtoMapper.fromPublicRand(viaEmpty)).isEqualTo(def.stores[0].get(3).orElseThrow());
        assertThat(viaEmpty.getRandomness().toByteArray()).isEqualTo(def.stores[0].get(3).orElseThrow().randomness());
        assertThat(viaEmpty.getMetadata().getBeaconID()).isEqualTo("default");

        Metadata byHash = Metadata.newBuilder().setChainHash(ByteString.copyFrom(quick.group.chainInfo().hash())).build();
        PublicRandResponse q = pub().publicRand(PublicRandRequest.newBuilder().setRound(3).setMetadata(byHash).build());
        assertThat(ProtoMapper.fromPublicRand(q)).isEqualTo(quick.stores[0].get(3).orElseThrow());
        assertThat(quick.verifier().isValid(ProtoMapper.fromPublicRand(q))).isTrue();

        Metadata contradicting = byHash.toBuilder().setBeaconID("default").build();
        assertThat(code(() -> pub().publicRand(PublicRandRequest.newBuilder().setRound(3).setMetadata(contradicting).build())))
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
        Metadata unknownHash = Metadata.newBuilder().setChainHash(ByteString.copyFrom(new byte[32])).build();
        assertThat(code(() -> pub().publicRand(PublicRandRequest.newBuilder().setMetadata(unknownHash).build())))
                .isEqualTo(Status.Code.NOT_FOUND);
        assertThat(code(() -> pub().publicRand(PublicRandRequest.newBuilder().setMetadata(id("nope")).build())))
                .isEqualTo(Status.Code.NOT_FOUND);

        ChainInfoPacket info = pub().chainInfo(ChainInfoRequest.newBuilder().setMetadata(id("quicknet")).build());
        assertThat(ProtoMapper.fromChainInfo(info)).isEqualTo(quick.group.chainInfo());
        assertThat(info.getSchemeID()).isEqualTo("bls-unchained-g1-rfc9380");
    }

    @Test
    void versionGateRefusesIncompatibleNodes() {
        PublicRandRequest.Builder req = PublicRandRequest.newBuilder().setRound(1);
        for (int[] v : new int[][] {{1, 4, 0}, {3, 1, 0}, {2, 3, 0}, {1, 5, 8}}) {
            Metadata md = id("").toBuilder().setNodeVersion(NodeVersion.newBuilder().setMajor(v[0]).setMinor(v[1])
                    .setPatch(v[2])).build();
            assertThat(code(() -> pub().publicRand(req.setMetadata(md).build()))).as("version %s", v)
                    .isEqualTo(Status.Code.PERMISSION_DENIED);
        }
        for (int[] v : new int[][] {{2, 0, 3}, {2, 1, 9}, {2, 2, 0}}) {
            Metadata md = id("").toBuilder().setNodeVersion(NodeVersion.newBuilder().setMajor(v[0]).setMinor(v[1])
                    .setPatch(v[2])).build();
            assertThat(code(() -> pub().publicRand(req.setMetadata(md).build()))).as("version %s", v)
                    .isEqualTo(Status.Code.OK);
        }
        assertThat(code(() -> pub().publicRand(req.clearMetadata().build()))).isEqualTo(Status.Code.OK);
    }

    @Test
    void publicRandWaitsForTheNextRoundAndStreamsFollow() throws Exception {
        long last = def.storedLast(0);
        assertThat(pub().publicRand(PublicRandRequest.getDefaultInstance()).getRound()).isEqualTo(last);
        assertThat(code(() -> pub().publicRand(PublicRandRequest.newBuilder().setRound(last + 2).build())))
                .isEqualTo(Status.Code.NOT_FOUND);

        Iterator<PublicRandResponse> stream = PublicGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .publicRandStream(PublicRandRequest.newBuilder().setRound(1).build());
        Iterator<org.jdrand.proto.drand.BeaconPacket> sync = ProtocolGrpc.newBlockingStub(channel)
                .withDeadlineAfter(20, TimeUnit.SECONDS)
                .syncChain(SyncRequest.newBuilder().setFromRound(2).setMetadata(id("")).build());
        var waiting = PublicGrpc.newFutureStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .publicRand(PublicRandRequest.newBuilder().setRound(last + 1).build());
        def.advanceToRound(last + 1);
        def.awaitRound(last + 1, TestNetwork.all(5));
        quick.awaitRound(last + 1, TestNetwork.all(5));
        assertThat(ProtoMapper.fromPublicRand(waiting.get(20, TimeUnit.SECONDS)))
                .isEqualTo(def.stores[0].get(last + 1).orElseThrow());

        List<Beacon> streamed = new ArrayList<>();
        for (long r = 1; r <= last + 1; r++) {
            streamed.add(ProtoMapper.fromPublicRand(stream.next()));
        }
        assertThat(streamed).isEqualTo(def.chain(0, last + 1));
        for (long r = 2; r <= last + 1; r++) {
            assertThat(ProtoMapper.fromBeaconPacket(sync.next())).isEqualTo(def.stores[0].get(r).orElseThrow());
        }
        // a peer that is not ahead does not serve
        assertThat(code(() -> ProtocolGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .syncChain(SyncRequest.newBuilder().setFromRound(last + 5).build()).next()))
                .isEqualTo(Status.Code.FAILED_PRECONDITION);

    }

    @Test
    void publicRandWaitEndsAfterPeriodPlusOneSecond() throws Exception {
        try (TestNetwork net = new TestNetwork(Scheme.PEDERSEN_BLS_UNCHAINED, 5, 3, "default").startAll()) {
            net.runRounds(1, 2, TestNetwork.all(5));
            net.stop(2);
            net.stop(3);
            net.stop(4);
            ManagedChannel ch = Grpc.newChannelBuilder("127.0.0.1:" + net.ports[0], InsecureChannelCredentials.create())
                    .build();
            try {
                var waiting = PublicGrpc.newFutureStub(ch).withDeadlineAfter(20, TimeUnit.SECONDS)
                        .publicRand(PublicRandRequest.newBuilder().setRound(3).build());
                var engine = net.daemons[0].supervisor().byId("default").orElseThrow().engine();
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> engine.pendingWaiters() == 1);
                // round 3 is due 3 s later but two nodes cannot make it; the wait lasts period + 1 s
                net.clock.advance(Duration.ofMillis(3900));
                assertThat(waiting.isDone()).isFalse();
                net.clock.advance(Duration.ofMillis(200));
                assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).rootCause()
                        .hasMessageContaining("DEADLINE_EXCEEDED");
            } finally {
                ch.shutdownNow();
            }
        }
    }

    @Test
    void identityControlAndHealth() throws Exception {
        IdentityResponse me = ProtocolGrpc.newBlockingStub(channel).getIdentity(IdentityRequest.newBuilder()
                .setMetadata(id("quicknet")).build());
        assertThat(me.getAddress()).isEqualTo("127.0.0.1:" + def.ports[0]);
        assertThat(me.getSchemeName()).isEqualTo("bls-unchained-g1-rfc9380");

        ControlGrpc.ControlBlockingStub ctl = ControlGrpc.newBlockingStub(control).withDeadlineAfter(10, TimeUnit.SECONDS);
        ctl.pingPong(Ping.getDefaultInstance());
        assertThat(ctl.listSchemes(ListSchemesRequest.getDefaultInstance()).getIdsList())
                .contains("pedersen-bls-chained", "bls-unchained-g1-rfc9380");
        GroupPacket group = ctl.groupFile(GroupRequest.newBuilder().setMetadata(id("quicknet")).build());
        assertThat(ProtoMapper.fromGroup(group, TestNetwork.BACKEND).chainInfo()).isEqualTo(quick.group.chainInfo());
        assertThat(group.getNodesCount()).isEqualTo(5);
        assertThat(ctl.chainInfo(ChainInfoRequest.getDefaultInstance()).getHash().toByteArray())
                .isEqualTo(def.group.chainInfo().hash());
        assertThat(ctl.publicKey(PublicKeyRequest.getDefaultInstance()).getPubKey().toByteArray())
                .isEqualTo(def.group.nodes().get(0).identity().key().toBytes());
        StatusResponse st = ctl.status(StatusRequest.getDefaultInstance());
        assertThat(st.getBeacon().getIsRunning()).isTrue();
        assertThat(st.getChainStore().getLastStored()).isEqualTo(def.storedLast(0));

        HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
                .check(HealthCheckRequest.newBuilder().setService("").build());
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void shutdownOfOneBeaconLeavesTheOther() throws Exception {
        ManagedChannel ctl4 = Grpc.newChannelBuilder("127.0.0.1:" + def.daemons[4].controlPort(),
                InsecureChannelCredentials.create()).build();
        try {
            ControlGrpc.newBlockingStub(ctl4).shutdown(ShutdownRequest.newBuilder().setMetadata(id("quicknet")).build());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> def.daemons[4].supervisor().byId("quicknet").isEmpty());
            assertThat(def.daemons[4].supervisor().byId("default")).isPresent();
        } finally {
            ctl4.shutdownNow();
        }
    }
}
