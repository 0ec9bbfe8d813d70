package org.jdrand.node.cli.control;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.proto.dkg.AbortOptions;
import org.jdrand.proto.dkg.AcceptOptions;
import org.jdrand.proto.dkg.CommandMetadata;
import org.jdrand.proto.dkg.DKGCommand;
import org.jdrand.proto.dkg.DKGEntry;
import org.jdrand.proto.dkg.DKGStatusResponse;
import org.jdrand.proto.dkg.ExecutionOptions;
import org.jdrand.proto.dkg.FirstProposalOptions;
import org.jdrand.proto.dkg.JoinOptions;
import org.jdrand.proto.dkg.Participant;
import org.jdrand.proto.dkg.ProposalOptions;
import org.jdrand.proto.dkg.RejectOptions;

/** The CLI's mapping of drand's dkg wire package (DKGControl) to its domain records. */
final class DkgControlMapper {
    private DkgControlMapper() {}

    private static DKGCommand.Builder command(String beaconId) {
        return DKGCommand.newBuilder().setMetadata(CommandMetadata.newBuilder().setBeaconID(beaconId));
    }

    static DKGCommand init(String beaconId, FirstProposal p) {
        return command(beaconId).setInitial(FirstProposalOptions.newBuilder().setTimeout(timestamp(p.timeout()))
                .setThreshold(p.threshold()).setPeriodSeconds(p.periodSeconds()).setScheme(p.scheme())
                .setCatchupPeriodSeconds(p.catchupPeriodSeconds()).setGenesisTime(timestamp(p.genesisTime()))
                .addAllJoining(participants(p.joining()))).build();
    }

    static DKGCommand reshare(String beaconId, ReshareProposal p) {
        return command(beaconId).setResharing(ProposalOptions.newBuilder().setTimeout(timestamp(p.timeout()))
                .setThreshold(p.threshold()).setCatchupPeriodSeconds(p.catchupPeriodSeconds())
                .addAllJoining(participants(p.joining()))
                .addAllRemaining(participants(p.remaining()))
                .addAllLeaving(participants(p.leaving()))).build();
    }

    /** @param groupFile the current group file (TOML bytes), null for a first ceremony */
    static DKGCommand join(String beaconId, byte[] groupFile) {
        JoinOptions.Builder o = JoinOptions.newBuilder();
        if (groupFile != null) {
            o.setGroupFile(ByteString.copyFrom(groupFile));
        }
        return command(beaconId).setJoin(o).build();
    }

    static DKGCommand accept(String beaconId) {
        return command(beaconId).setAccept(AcceptOptions.getDefaultInstance()).build();
    }

    static DKGCommand reject(String beaconId) {
        return command(beaconId).setReject(RejectOptions.getDefaultInstance()).build();
    }

    static DKGCommand abort(String beaconId) {
        return command(beaconId).setAbort(AbortOptions.getDefaultInstance()).build();
    }

    static DKGCommand execute(String beaconId) {
        return command(beaconId).setExecute(ExecutionOptions.getDefaultInstance()).build();
    }

    static CeremonyStatus status(DKGStatusResponse r) {
        return new CeremonyStatus(entry(r.getCurrent()),
                r.hasComplete() ? Optional.of(entry(r.getComplete())) : Optional.empty());
    }

    static CeremonyStatus.Entry entry(DKGEntry e) {
        return new CeremonyStatus.Entry(e.getBeaconID(), DkgState.fromNumber(e.getState()), e.getEpoch(),
                e.getThreshold(), e.getLeader().getAddress(),
                e.hasGenesisTime() ? Optional.of(e.getGenesisTime().getSeconds()) : Optional.empty(),
                addresses(e.getJoiningList()), addresses(e.getRemainingList()), addresses(e.getLeavingList()),
                addresses(e.getAcceptorsList()), addresses(e.getRejectorsList()), e.getFinalGroupList());
    }

    private static List<String> addresses(List<Participant> ps) {
        return ps.stream().map(Participant::getAddress).toList();
    }

    private static List<Participant> participants(List<org.jdrand.dkg.ceremony.Participant> members) {
        return members.stream().map(m -> Participant.newBuilder().setAddress(m.address())
                .setKey(ByteString.copyFrom(m.key())).setSignature(ByteString.copyFrom(m.signature())).build()).toList();
    }

    private static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }
}
