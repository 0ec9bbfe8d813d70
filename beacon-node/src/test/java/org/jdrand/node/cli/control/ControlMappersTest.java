package org.jdrand.node.cli.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.proto.dkg.DKGCommand;
import org.jdrand.proto.dkg.DKGEntry;
import org.jdrand.proto.dkg.DKGStatusResponse;
import org.jdrand.proto.dkg.Participant;
import org.jdrand.proto.drand.BeaconStatus;
import org.jdrand.proto.drand.ChainStoreStatus;
import org.jdrand.proto.drand.RemoteStatusResponse;
import org.jdrand.proto.drand.StatusResponse;
import org.junit.jupiter.api.Test;

/** The CLI's two mappers: drand's Control messages and dkg's DKGControl messages to its records and back. */
class ControlMappersTest {

    private static StatusResponse status(long last) {
        return StatusResponse.newBuilder().setEpoch(2)
                .setBeacon(BeaconStatus.newBuilder().setIsRunning(true).setIsServing(true))
                .setChainStore(ChainStoreStatus.newBuilder().setLastStored(last).setExpectedLast(last + 1))
                .putConnections("b:2", false).putConnections("a:1", true).build();
    }

    @Test
    void aStatusKeepsItsNumbersAndListsPeersInOrder() {
        NodeStatus s = ControlMapper.status(status(41));
        assertThat(s.running()).isTrue();
        assertThat(s.epoch()).isEqualTo(2);
        assertThat(s.lastStored()).isEqualTo(41);
        assertThat(s.expectedLast()).isEqualTo(42);
        assertThat(s.emptyChain()).isFalse();
        assertThat(s.connections().keySet()).containsExactly("a:1", "b:2");
    }

    @Test
    void aNodeThatDidNotAnswerHasNoStatus() {
        Map<String, Optional<NodeStatus>> m = ControlMapper.statuses(RemoteStatusResponse.newBuilder()
                .putStatuses("up:1", status(7)).putStatuses("down:2", StatusResponse.getDefaultInstance()).build());
        assertThat(m.get("up:1")).hasValueSatisfying(s -> assertThat(s.lastStored()).isEqualTo(7));
        assertThat(m.get("down:2")).isEmpty();
    }

    @Test
    void aFirstProposalCarriesEveryTerm() {
        Instant timeout = Instant.ofEpochSecond(2_000_000_000L, 5);
        Instant genesis = Instant.ofEpochSecond(1_900_000_000L);
        org.jdrand.dkg.ceremony.Participant a = new org.jdrand.dkg.ceremony.Participant("a:1", new byte[] {1, 2},
                new byte[] {3});
        DKGCommand c = DkgControlMapper.init("quicknet", new FirstProposal(timeout, 2, 3, "bls-unchained-g1-rfc9380", 1,
                genesis, List.of(a)));
        assertThat(c.getMetadata().getBeaconID()).isEqualTo("quicknet");
        assertThat(c.getInitial().getTimeout().getSeconds()).isEqualTo(2_000_000_000L);
        assertThat(c.getInitial().getTimeout().getNanos()).isEqualTo(5);
        assertThat(c.getInitial().getThreshold()).isEqualTo(2);
        assertThat(c.getInitial().getPeriodSeconds()).isEqualTo(3);
        assertThat(c.getInitial().getCatchupPeriodSeconds()).isEqualTo(1);
        assertThat(c.getInitial().getScheme()).isEqualTo("bls-unchained-g1-rfc9380");
        assertThat(c.getInitial().getGenesisTime().getSeconds()).isEqualTo(1_900_000_000L);
        Participant p = c.getInitial().getJoining(0);
        assertThat(p.getAddress()).isEqualTo("a:1");
        assertThat(p.getKey().toByteArray()).containsExactly(1, 2);
        assertThat(p.getSignature().toByteArray()).containsExactly(3);
    }

    @Test
    void aReshareKeepsItsThreeLists() {
        org.jdrand.dkg.ceremony.Participant a = new org.jdrand.dkg.ceremony.Participant("a:1", new byte[] {1},
                new byte[0]);
        org.jdrand.dkg.ceremony.Participant b = new org.jdrand.dkg.ceremony.Participant("b:1", new byte[] {2},
                new byte[0]);
        org.jdrand.dkg.ceremony.Participant c = new org.jdrand.dkg.ceremony.Participant("c:1", new byte[] {3},
                new byte[0]);
        DKGCommand cmd = DkgControlMapper.reshare("default", new ReshareProposal(Instant.EPOCH, 2, 0, List.of(a),
                List.of(b), List.of(c)));
        assertThat(cmd.getResharing().getJoining(0).getAddress()).isEqualTo("a:1");
        assertThat(cmd.getResharing().getRemaining(0).getAddress()).isEqualTo("b:1");
        assertThat(cmd.getResharing().getLeaving(0).getAddress()).isEqualTo("c:1");
    }

    @Test
    void aJoinSendsTheGroupFileOnlyWhenGiven() {
        assertThat(DkgControlMapper.join("default", null).getJoin().getGroupFile().isEmpty()).isTrue();
        assertThat(DkgControlMapper.join("default", new byte[] {9}).getJoin().getGroupFile().toByteArray())
                .containsExactly(9);
    }

    @Test
    void aCeremonyStatusNamesItsParticipantsByAddress() {
        DKGEntry current = DKGEntry.newBuilder().setBeaconID("default").setState(DkgState.COMPLETE.number())
                .setEpoch(1).setThreshold(2).setLeader(Participant.newBuilder().setAddress("a:1"))
                .setGenesisTime(Timestamp.newBuilder().setSeconds(1234))
                .addJoining(Participant.newBuilder().setAddress("a:1").setKey(ByteString.copyFrom(new byte[] {1})))
                .addJoining(Participant.newBuilder().setAddress("b:1"))
                .addAllFinalGroup(List.of("a:1", "b:1")).build();
        CeremonyStatus s = DkgControlMapper.status(DKGStatusResponse.newBuilder().setCurrent(current).build());
        assertThat(s.current().state()).isEqualTo(DkgState.COMPLETE);
        assertThat(s.current().leader()).isEqualTo("a:1");
        assertThat(s.current().genesisTime()).contains(1234L);
        assertThat(s.current().joining()).containsExactly("a:1", "b:1");
        assertThat(s.current().finalGroup()).containsExactly("a:1", "b:1");
        assertThat(s.finished()).isEmpty();
        assertThat(DkgControlMapper.entry(current.toBuilder().clearGenesisTime().build()).genesisTime()).isEmpty();
    }
}
