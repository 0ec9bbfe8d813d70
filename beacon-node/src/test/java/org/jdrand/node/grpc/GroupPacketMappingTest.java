package org.jdrand.node.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyPair;
import org.jdrand.proto.drand.GroupPacket;
import org.junit.jupiter.api.Test;

/** The gRPC group packet maps to and from the node's one group model, validated on the way in. */
class GroupPacketMappingTest {
    private static final BlsBackend BACKEND = BlsBackends.blst();
    private static final Scheme SCHEME = Scheme.BLS_UNCHAINED_G1_RFC9380;

    private static Group group() {
        SecureRandom rnd = new SecureRandom();
        List<Group.Member> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(new Group.Member(i, KeyPair.generate(new Bls(BACKEND), SCHEME, "127.0.0.1:" + (7000 + i), rnd)
                    .identity()));
        }
        return new Group(nodes, 3, Duration.ofSeconds(3), Duration.ofSeconds(1), 1_700_000_000L, 1_700_000_300L,
                new byte[32], SCHEME, "quicknet", PriPoly.random(3, rnd).commit(BACKEND, SCHEME.keyGroup()).commits());
    }

    @Test
    void aGroupRoundTripsThroughItsPacket() {
        Group g = group();
        GroupPacket p = ProtoMapper.toGroup(g, ProtoMapper.metadata(g.beaconId(), g.chainInfo().hash()));
        assertThat(p.getPeriod()).isEqualTo(3);
        assertThat(p.getCatchupPeriod()).isEqualTo(1);
        assertThat(p.getNodesCount()).isEqualTo(4);
        Group back = ProtoMapper.fromGroup(p, BACKEND);
        assertThat(back).isEqualTo(g);
        assertThat(back.hash()).isEqualTo(g.hash());
    }

    @Test
    void aPacketWithAKeyOffTheCurveOrTooFewCoefficientsIsRejected() {
        GroupPacket p = ProtoMapper.toGroup(group(), ProtoMapper.metadata("quicknet"));
        GroupPacket badKey = p.toBuilder().setNodes(1, p.getNodes(1).toBuilder()
                .setPublic(p.getNodes(1).getPublic().toBuilder().setKey(ByteString.copyFrom(new byte[96])))).build();
        assertThatThrownBy(() -> ProtoMapper.fromGroup(badKey, BACKEND)).isInstanceOf(IllegalArgumentException.class);
        GroupPacket twoCoefficients = p.toBuilder().clearDistKey().addAllDistKey(p.getDistKeyList().subList(0, 2)).build();
        assertThatThrownBy(() -> ProtoMapper.fromGroup(twoCoefficients, BACKEND))
                .hasMessageContaining("2 public coefficients (expected threshold 3)");
    }
}
