package org.jdrand.node.dkg;

import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.dkg.ceremony.DkgState;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.List;
import org.jdrand.proto.dkg.DKGEntry;
import org.jdrand.proto.dkg.ProposalTerms;

/** dkg protobuf messages to and from the ceremony's domain values: protobuf stops here. */
final class DkgMapper {
    private DkgMapper() {}

    static Participant fromProto(org.jdrand.proto.dkg.Participant p) {
        return new Participant(p.getAddress(), p.getKey().toByteArray(), p.getSignature().toByteArray());
    }

    static org.jdrand.proto.dkg.Participant toProto(Participant p) {
        return org.jdrand.proto.dkg.Participant.newBuilder().setAddress(p.address())
                .setKey(ByteString.copyFrom(p.key())).setSignature(ByteString.copyFrom(p.signature())).build();
    }

    static List<Participant> fromProto(List<org.jdrand.proto.dkg.Participant> list) {
        return list.stream().map(DkgMapper::fromProto).toList();
    }

    static List<org.jdrand.proto.dkg.Participant> toProto(List<Participant> list) {
        return list.stream().map(DkgMapper::toProto).toList();
    }

    static Instant fromProto(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    static Timestamp toProto(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    /** The terms of a proposal as an entry in state {@code state}. */
    static DkgEntry fromProto(ProposalTerms t, DkgState state) {
        return new DkgEntry(t.getBeaconID(), state, t.getEpoch(), t.getThreshold(), fromProto(t.getTimeout()),
                fromProto(t.getGenesisTime()), t.getGenesisSeed().toByteArray(), 0, t.getBeaconPeriodSeconds(),
                t.getCatchupPeriodSeconds(), t.getSchemeID(), fromProto(t.getLeader()), fromProto(t.getRemainingList()),
                fromProto(t.getJoiningList()), fromProto(t.getLeavingList()), List.of(), List.of(), List.of(), null,
                null, "");
    }

    static ProposalTerms toTerms(DkgEntry e) {
        return ProposalTerms.newBuilder().setBeaconID(e.beaconId()).setEpoch(e.epoch())
                .setLeader(toProto(e.leader())).setThreshold(e.threshold()).setTimeout(toProto(e.timeout()))
                .setCatchupPeriodSeconds(e.catchupPeriodSeconds()).setBeaconPeriodSeconds(e.periodSeconds())
                .setSchemeID(e.schemeId()).setGenesisTime(toProto(e.genesisTime()))
                .setGenesisSeed(ByteString.copyFrom(e.genesisSeed()))
                .addAllJoining(toProto(e.joining())).addAllRemaining(toProto(e.remaining()))
                .addAllLeaving(toProto(e.leaving())).build();
    }

    static DKGEntry toStatus(DkgEntry e) {
        DKGEntry.Builder b = DKGEntry.newBuilder().setBeaconID(e.beaconId()).setState(e.state().number())
                .setEpoch(e.epoch()).setThreshold(e.threshold())
                .setGenesisSeed(ByteString.copyFrom(e.genesisSeed()))
                .addAllRemaining(toProto(e.remaining())).addAllJoining(toProto(e.joining()))
                .addAllLeaving(toProto(e.leaving())).addAllAcceptors(toProto(e.acceptors()))
                .addAllRejectors(toProto(e.rejectors())).addAllFinalGroup(e.finalGroup());
        if (e.timeout() != null) {
            b.setTimeout(toProto(e.timeout()));
        }
        if (e.genesisTime() != null) {
            b.setGenesisTime(toProto(e.genesisTime()));
        }
        if (e.leader() != null) {
            b.setLeader(toProto(e.leader()));
        }
        return b.build();
    }
}
