package org.jdrand.node.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.proto.drand.BeaconPacket;
import org.jdrand.proto.drand.ChainInfoPacket;
import org.jdrand.proto.drand.NodeVersion;
import org.junit.jupiter.api.Test;

class ProtoMapperTest {

    @Property
    void beaconsRoundTrip(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long round,
            @ForAll @Size(min = 1, max = 96) byte[] sig, @ForAll @Size(max = 96) byte[] prev) {
        Beacon b = new Beacon(round, sig, prev);
        assertThat(ProtoMapper.fromBeaconPacket(ProtoMapper.toBeaconPacket(b, ProtoMapper.beaconIdOnly("x")))).isEqualTo(b);
        assertThat(ProtoMapper.fromPublicRand(ProtoMapper.toPublicRand(b, ProtoMapper.metadata("x")))).isEqualTo(b);
        assertThat(ProtoMapper.toPublicRand(b, ProtoMapper.metadata("x")).getRandomness().toByteArray())
                .isEqualTo(b.randomness());
    }

    @Test
    void rejectsEmptySignaturesAndHugeRounds() {
        assertThatThrownBy(() -> ProtoMapper.fromBeaconPacket(BeaconPacket.newBuilder().setRound(3).build()))
                .hasMessageContaining("round 3: empty signature");
        assertThatThrownBy(() -> ProtoMapper.fromBeaconPacket(BeaconPacket.newBuilder().setRound(-1)
                .setSignature(ByteString.copyFrom(new byte[] {1})).build()))
                .hasMessageContaining("out of range");
    }

    @Test
    void mainnetChainInfoKeepsItsHash() {
        byte[] pk = Hex.decode("868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31");
        byte[] seed = Hex.decode("176f93498eac9ca337150b46d21dd58673ea4e3581185f869672e59fa4cb390a");
        ChainInfo info = new ChainInfo(pk, "default", 30, Scheme.PEDERSEN_BLS_CHAINED, 1595431050, seed);
        ChainInfoPacket p = ProtoMapper.toChainInfo(info, ProtoMapper.metadata("default", info.hash()));
        assertThat(Hex.encode(p.getHash().toByteArray()))
                .isEqualTo("8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce");
        assertThat(ProtoMapper.fromChainInfo(p)).isEqualTo(info);
        ChainInfoPacket tampered = p.toBuilder().setPeriod(3).build();
        assertThatThrownBy(() -> ProtoMapper.fromChainInfo(tampered)).hasMessageContaining("does not match");
    }

    @Test
    void versionCompatibilityFollowsDrand() {
        NodeVersion ours = ProtoMapper.NODE_VERSION;
        assertThat(VersionGate.compatible(ours, v(2, 0, 0))).isTrue();
        assertThat(VersionGate.compatible(ours, v(2, 2, 5))).isTrue();
        assertThat(VersionGate.compatible(ours, v(2, 3, 0))).isFalse();
        assertThat(VersionGate.compatible(ours, v(1, 5, 8))).isFalse();
        assertThat(VersionGate.compatible(v(2, 0, 1), v(1, 5, 8))).isTrue();
        assertThat(VersionGate.compatible(v(2, 0, 1), v(1, 5, 7))).isFalse();
    }

    @Test
    void theGateReadsAPartialsVersionDirectlyAndOtherRequestsThroughTheirMetadataField() {
        NodeVersion old = v(1, 4, 0);
        org.jdrand.proto.drand.Metadata withVersion = ProtoMapper.metadata("default").toBuilder().setNodeVersion(old).build();
        var partial = org.jdrand.proto.drand.PartialBeaconPacket.newBuilder().setRound(3);
        assertThat(VersionGate.versionOf(partial.build())).isNull();
        assertThat(VersionGate.versionOf(partial.setMetadata(ProtoMapper.beaconIdOnly("default")).build())).isNull();
        assertThat(VersionGate.versionOf(partial.setMetadata(withVersion).build())).isEqualTo(old);
        var status = org.jdrand.proto.drand.StatusRequest.newBuilder();
        assertThat(VersionGate.versionOf(status.build())).isNull();
        assertThat(VersionGate.versionOf(status.setMetadata(withVersion).build())).isEqualTo(old);
        assertThat(VersionGate.versionOf(org.jdrand.proto.drand.Empty.getDefaultInstance())).isNull();
    }

    private static NodeVersion v(int major, int minor, int patch) {
        return NodeVersion.newBuilder().setMajor(major).setMinor(minor).setPatch(patch).build();
    }
}
