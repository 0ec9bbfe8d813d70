package org.jdrand.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.Type;
import org.jdrand.proto.dkg.DKGControlGrpc;
import org.jdrand.proto.dkg.DKGPublicGrpc;
import org.jdrand.proto.dkg.DealBundle;
import org.jdrand.proto.dkg.GossipPacket;
import org.jdrand.proto.drand.BeaconPacket;
import org.jdrand.proto.drand.ChainInfoPacket;
import org.jdrand.proto.drand.ControlGrpc;
import org.jdrand.proto.drand.GroupPacket;
import org.jdrand.proto.drand.MetricsGrpc;
import org.jdrand.proto.drand.PartialBeaconPacket;
import org.jdrand.proto.drand.ProtocolGrpc;
import org.jdrand.proto.drand.PublicGrpc;
import org.jdrand.proto.drand.PublicRandResponse;
import org.jdrand.proto.drand.StartSyncRequest;
import org.junit.jupiter.api.Test;

/** Pins the parts of drand v2's wire contract that a typo would silently break. */
class WireContractTest {

    private static void field(Descriptor d, String name, int number, Type type) {
        FieldDescriptor f = d.findFieldByName(name);
        assertThat(f).as(d.getFullName() + "." + name).isNotNull();
        assertThat(f.getNumber()).as(d.getFullName() + "." + name + " number").isEqualTo(number);
        assertThat(f.getType()).as(d.getFullName() + "." + name + " type").isEqualTo(type);
    }

    @Test
    void methodPathsMatchDrand() {
        assertThat(PublicGrpc.getPublicRandMethod().getFullMethodName()).isEqualTo("drand.Public/PublicRand");
        assertThat(PublicGrpc.getPublicRandStreamMethod().getFullMethodName()).isEqualTo("drand.Public/PublicRandStream");
        assertThat(PublicGrpc.getListBeaconIDsMethod().getFullMethodName()).isEqualTo("drand.Public/ListBeaconIDs");
        assertThat(ProtocolGrpc.getPartialBeaconMethod().getFullMethodName()).isEqualTo("drand.Protocol/PartialBeacon");
        assertThat(ProtocolGrpc.getSyncChainMethod().getFullMethodName()).isEqualTo("drand.Protocol/SyncChain");
        assertThat(ControlGrpc.getGroupFileMethod().getFullMethodName()).isEqualTo("drand.Control/GroupFile");
        assertThat(ControlGrpc.getStartFollowChainMethod().getFullMethodName()).isEqualTo("drand.Control/StartFollowChain");
        assertThat(MetricsGrpc.getMetricsMethod().getFullMethodName()).isEqualTo("drand.Metrics/Metrics");
        assertThat(DKGControlGrpc.getCommandMethod().getFullMethodName()).isEqualTo("dkg.DKGControl/Command");
        assertThat(DKGPublicGrpc.getPacketMethod().getFullMethodName()).isEqualTo("dkg.DKGPublic/Packet");
        assertThat(DKGPublicGrpc.getBroadcastDKGMethod().getFullMethodName()).isEqualTo("dkg.DKGPublic/BroadcastDKG");
    }

    @Test
    void beaconMessagesKeepDrandFieldNumbers() {
        field(PartialBeaconPacket.getDescriptor(), "round", 1, Type.UINT64);
        field(PartialBeaconPacket.getDescriptor(), "previous_signature", 2, Type.BYTES);
        field(PartialBeaconPacket.getDescriptor(), "partial_sig", 3, Type.BYTES);
        field(PartialBeaconPacket.getDescriptor(), "metadata", 4, Type.MESSAGE);
        // BeaconPacket and PublicRandResponse order their fields differently
        field(BeaconPacket.getDescriptor(), "previous_signature", 1, Type.BYTES);
        field(BeaconPacket.getDescriptor(), "round", 2, Type.UINT64);
        field(PublicRandResponse.getDescriptor(), "round", 1, Type.UINT64);
        field(PublicRandResponse.getDescriptor(), "previous_signature", 3, Type.BYTES);
        field(PublicRandResponse.getDescriptor(), "randomness", 4, Type.BYTES);
    }

    @Test
    void chainInfoAndGroupUseDifferentGenesisTypes() {
        field(ChainInfoPacket.getDescriptor(), "genesis_time", 3, Type.INT64);
        field(ChainInfoPacket.getDescriptor(), "groupHash", 5, Type.BYTES);
        field(GroupPacket.getDescriptor(), "genesis_time", 4, Type.UINT64);
        field(GroupPacket.getDescriptor(), "catchup_period", 8, Type.UINT32);
        field(GroupPacket.getDescriptor(), "schemeID", 9, Type.STRING);
    }

    @Test
    void controlAndDkgMessages() {
        assertThat(StartSyncRequest.getDescriptor().findFieldByNumber(1)).isNull();
        field(StartSyncRequest.getDescriptor(), "up_to", 4, Type.UINT64);
        field(StartSyncRequest.getDescriptor(), "metadata", 5, Type.MESSAGE);
        field(DealBundle.getDescriptor(), "session_id", 4, Type.BYTES);
        field(GossipPacket.getDescriptor(), "dkg", 7, Type.MESSAGE);
        assertThat(GossipPacket.getDescriptor().findFieldByName("metadata").getMessageType().getFullName())
                .isEqualTo("dkg.GossipMetadata");
    }
}
