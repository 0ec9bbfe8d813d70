package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.tbls.PriShare;
import org.jdrand.crypto.tbls.ThresholdBls;
import org.jdrand.node.grpc.ProtoMapper;
import org.jdrand.proto.drand.PartialBeaconPacket;
import org.jdrand.proto.drand.ProtocolGrpc;
import org.junit.jupiter.api.Test;

/**
 * Node 4 turns Byzantine while node 3 is down, so the three honest nodes need every one of their
 * own partials: garbage, invalid, spoofed, future, wrong-chain and duplicate partials from node 4
 * change nothing. The spoofed partial (claiming node 1's index) reaches nodes 0 and 2 before node
 * 1's own, so it is what their optimistic aggregation first combines: the combination must fail,
 * be checked, and the round still be made from node 1's partial.
 */
class ByzantineTest {
    private static final Scheme SCHEME = Scheme.PEDERSEN_BLS_CHAINED;

    @Test
    void byzantinePartialsChangeNothing() throws Exception {
        try (TestNetwork net = new TestNetwork(SCHEME, 5, 3, "default").startAll()) {
            net.runRounds(1, 3, TestNetwork.all(5));
            net.stop(3);
            net.stop(4);
            ThresholdBls tbls = new ThresholdBls(TestNetwork.BACKEND, SCHEME);
            PriShare evil = net.shares.get(4);
            SecureRandom rnd = new SecureRandom();
            List<ManagedChannel> channels = new ArrayList<>();
            List<ProtocolGrpc.ProtocolBlockingStub> honest = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ManagedChannel ch = Grpc.newChannelBuilder("127.0.0.1:" + net.ports[i], InsecureChannelCredentials.create()).build();
                channels.add(ch);
                honest.add(ProtocolGrpc.newBlockingStub(ch));
            }
            try {
                for (long r = 4; r <= 20; r++) {
                    byte[] prev = net.stores[0].last().signature();
                    byte[] good = tbls.signPartial(evil, SCHEME.digest(prev, r));
                    byte[] wrongMessage = tbls.signPartial(evil, SCHEME.digest(prev, r + 1000));
                    byte[] otherPrev = new byte[96];
                    rnd.nextBytes(otherPrev);
                    byte[] wrongChain = tbls.signPartial(evil, SCHEME.digest(otherPrev, r));
                    byte[] spoofed = good.clone();
                    spoofed[1] = 1; // claims index 1
                    byte[] unknownIndex = good.clone();
                    unknownIndex[1] = 9;
                    byte[] garbage = new byte[98];
                    rnd.nextBytes(garbage);
                    garbage[0] = 0;
                    garbage[1] = 4;
                    byte[] future = tbls.signPartial(evil, SCHEME.digest(prev, r + 5));
                    for (int i = 0; i < 3; i++) {
                        ProtocolGrpc.ProtocolBlockingStub stub = honest.get(i).withDeadlineAfter(5, TimeUnit.SECONDS);
                        long round = r;
                        rejected(() -> stub.partialBeacon(packet(round, prev, new byte[] {1, 2, 3})));
                        rejected(() -> stub.partialBeacon(packet(round, prev, unknownIndex)));
                        rejected(() -> stub.partialBeacon(packet(round + 5, prev, future)));
                        // a valid partial of index 4 is cached unchecked; duplicates are harmless
                        stub.partialBeacon(packet(round, prev, good));
                        stub.partialBeacon(packet(round, prev, good));
                        // contesting it costs a check, and fails it
                        rejected(() -> stub.partialBeacon(packet(round, prev, garbage)));
                        rejected(() -> stub.partialBeacon(packet(round, prev, wrongMessage)));
                        if (i == 1) {
                            rejected(() -> stub.partialBeacon(packet(round, prev, spoofed)));
                        } else {
                            // first for index 1 here: cached unchecked (aggregation is optimistic), so the
                            // first combination fails, is checked, drops it and waits for node 1's own
                            stub.partialBeacon(packet(round, prev, spoofed));
                        }
                        // well-formed but over another chain than the stored round's: refused
                        rejected(() -> stub.partialBeacon(packet(round, otherPrev, wrongChain)));
                    }
                    net.advanceToRound(r);
                    net.awaitRound(r, 0, 1, 2);
                }
            } finally {
                channels.forEach(ManagedChannel::shutdownNow);
            }
            List<Beacon> reference = net.chain(0, 20);
            assertThat(reference).hasSize(20);
            assertThat(net.verifier().invalidRounds(reference)).isEmpty();
            assertThat(net.chain(1, 20)).isEqualTo(reference);
            assertThat(net.chain(2, 20)).isEqualTo(reference);
            for (int i = 1; i < reference.size(); i++) {
                assertThat(reference.get(i).previousSignature()).isEqualTo(reference.get(i - 1).signature());
            }
        }
    }

    private static PartialBeaconPacket packet(long round, byte[] prev, byte[] partial) {
        return PartialBeaconPacket.newBuilder()
                .setRound(round)
                .setPreviousSignature(ByteString.copyFrom(prev))
                .setPartialSig(ByteString.copyFrom(partial))
                .setMetadata(ProtoMapper.metadata("default"))
                .build();
    }

    private static void rejected(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }
}
