package org.jdrand.node.grpc.dkg;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.dkg.Deal;
import org.jdrand.dkg.DealBundle;
import org.jdrand.dkg.DkgBundle;
import org.jdrand.dkg.Justification;
import org.jdrand.dkg.JustificationBundle;
import org.jdrand.dkg.Response;
import org.jdrand.dkg.ResponseBundle;
import org.jdrand.dkg.ceremony.GossipPayload;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.node.dkg.DkgCommand;
import org.jdrand.node.dkg.DkgEntry;
import org.jdrand.node.dkg.GossipMessage;
import org.jdrand.proto.dkg.AbortDKG;
import org.jdrand.proto.dkg.AcceptProposal;
import org.jdrand.proto.dkg.DKGCommand;
import org.jdrand.proto.dkg.DKGEntry;
import org.jdrand.proto.dkg.DKGPacket;
import org.jdrand.proto.dkg.GossipMetadata;
import org.jdrand.proto.dkg.GossipPacket;
import org.jdrand.proto.dkg.Packet;
import org.jdrand.proto.dkg.ProposalTerms;
import org.jdrand.proto.dkg.RejectProposal;
import org.jdrand.proto.dkg.StartExecution;
import org.jdrand.proto.drand.Metadata;

/**
 * The one mapper of the DKG wire types (drand's {@code dkg} protobuf package) to and from the
 * ceremony's domain values: commands, gossip, kyber bundles, status. Protobuf stops here.
 * Decoding throws IllegalArgumentException for a message the node cannot use.
 */
public final class DkgWire {
    private DkgWire() {}

    // ---- operator commands (dkg.DKGControl/Command)

    public static DkgCommand command(DKGCommand c) {
        String id = c.getMetadata().getBeaconID();
        return switch (c.getCommandCase()) {
            case INITIAL -> {
                var o = c.getInitial();
                yield new DkgCommand.Initial(id, o.getScheme(), o.getPeriodSeconds(), o.getThreshold(),
                        fromProto(o.getTimeout()), fromProto(o.getGenesisTime()), o.getCatchupPeriodSeconds(),
                        fromProto(o.getJoiningList()));
            }
            case RESHARING -> {
                var o = c.getResharing();
                yield new DkgCommand.Resharing(id, o.getThreshold(), fromProto(o.getTimeout()),
                        o.getCatchupPeriodSeconds(), fromProto(o.getJoiningList()), fromProto(o.getRemainingList()),
                        fromProto(o.getLeavingList()));
            }
            case JOIN -> new DkgCommand.Join(id, c.getJoin().getGroupFile().toString(StandardCharsets.UTF_8));
            case ACCEPT -> new DkgCommand.Accept(id);
            case REJECT -> new DkgCommand.Reject(id);
            case EXECUTE -> new DkgCommand.Execute(id);
            case ABORT -> new DkgCommand.Abort(id);
            default -> throw new IllegalArgumentException("dkg command: none given (expected initial, resharing, "
                    + "join, accept, reject, execute or abort)");
        };
    }

    // ---- gossip (dkg.DKGPublic/Packet)

    /** A gossip packet other than a kyber bundle (those go to {@link #bundle}). */
    public static GossipMessage gossip(GossipPacket p) {
        GossipMetadata md = p.getMetadata();
        String reason = "";
        GossipPayload part = switch (p.getPacketCase()) {
            case PROPOSAL -> new GossipPayload.Proposal(fromProto(p.getProposal()));
            case ACCEPT -> new GossipPayload.Accept(fromProto(p.getAccept().getAcceptor()));
            case REJECT -> new GossipPayload.Reject(fromProto(p.getReject().getRejector()));
            case EXECUTE -> new GossipPayload.Execute(fromProto(p.getExecute().getTime()));
            case ABORT -> new GossipPayload.Abort(p.getAbort().getReason());
            default -> throw new IllegalArgumentException("dkg packet: empty (expected proposal, accept, reject, "
                    + "execute, abort or dkg)");
        };
        if (p.getPacketCase() == GossipPacket.PacketCase.REJECT) {
            reason = p.getReject().getReason();
        }
        return new GossipMessage(md.getBeaconID(), md.getAddress(), md.getSignature().toByteArray(), part, reason);
    }

    public static GossipPacket toProto(GossipMessage m) {
        GossipPacket.Builder b = GossipPacket.newBuilder().setMetadata(GossipMetadata.newBuilder()
                .setBeaconID(m.beaconId()).setAddress(m.sender()).setSignature(ByteString.copyFrom(m.signature())));
        GossipPayload part = m.payload();
        if (part instanceof GossipPayload.Proposal p) {
            b.setProposal(toProto(p.terms()));
        } else if (part instanceof GossipPayload.Accept a) {
            b.setAccept(AcceptProposal.newBuilder().setAcceptor(toProto(a.acceptor())));
        } else if (part instanceof GossipPayload.Reject r) {
            b.setReject(RejectProposal.newBuilder().setRejector(toProto(r.rejector())).setReason(m.reason()));
        } else if (part instanceof GossipPayload.Execute e) {
            b.setExecute(StartExecution.newBuilder().setTime(toProto(e.time())));
        } else if (part instanceof GossipPayload.Abort a) {
            b.setAbort(AbortDKG.newBuilder().setReason(a.reason()));
        } else {
            throw new IllegalArgumentException("dkg gossip: " + part + " has no packet form here");
        }
        return b.build();
    }

    // ---- kyber bundles (dkg.DKGPublic/BroadcastDKG)

    public static DKGPacket toProto(DkgBundle bundle, String beaconId) {
        return DKGPacket.newBuilder().setDkg(toPacket(bundle, beaconId)).build();
    }

    /**
     * The key under which copies of a packet's bundle are recognised before any decoding:
     * beacon ID, bundle kind, SHA-256 of the bundle's serialised bytes (metadata left out:
     * relays may differ in it).
     */
    public static String copyKey(String beaconId, Packet p) {
        ByteString bytes = switch (p.getBundleCase()) {
            case DEAL -> p.getDeal().toByteString();
            case RESPONSE -> p.getResponse().toByteString();
            case JUSTIFICATION -> p.getJustification().toByteString();
            case BUNDLE_NOT_SET -> ByteString.EMPTY;
        };
        var sha = Scheme.sha256();
        bytes.asReadOnlyByteBufferList().forEach(sha::update);
        return beaconId + "/" + p.getBundleCase() + "/" + Hex.encode(sha.digest());
    }

    static Packet toPacket(DkgBundle bundle, String beaconId) {
        Packet.Builder p = Packet.newBuilder().setMetadata(Metadata.newBuilder().setBeaconID(beaconId));
        if (bundle instanceof DealBundle d) {
            p.setDeal(org.jdrand.proto.dkg.DealBundle.newBuilder()
                    .setDealerIndex(d.dealerIndex())
                    .addAllCommits(d.commits().stream().map(ByteString::copyFrom).toList())
                    .addAllDeals(d.deals().stream().map(x -> org.jdrand.proto.dkg.Deal.newBuilder()
                            .setShareIndex(x.shareIndex()).setEncryptedShare(ByteString.copyFrom(x.encryptedShare()))
                            .build()).toList())
                    .setSessionId(ByteString.copyFrom(d.sessionId()))
                    .setSignature(ByteString.copyFrom(d.signature())));
        } else if (bundle instanceof ResponseBundle r) {
            p.setResponse(org.jdrand.proto.dkg.ResponseBundle.newBuilder()
                    .setShareIndex(r.shareIndex())
                    .addAllResponses(r.responses().stream().map(x -> org.jdrand.proto.dkg.Response.newBuilder()
                            .setDealerIndex(x.dealerIndex()).setStatus(x.success()).build()).toList())
                    .setSessionId(ByteString.copyFrom(r.sessionId()))
                    .setSignature(ByteString.copyFrom(r.signature())));
        } else if (bundle instanceof JustificationBundle j) {
            p.setJustification(org.jdrand.proto.dkg.JustificationBundle.newBuilder()
                    .setDealerIndex(j.dealerIndex())
                    .addAllJustifications(j.justifications().stream().map(x -> org.jdrand.proto.dkg.Justification
                            .newBuilder().setShareIndex(x.shareIndex()).setShare(ByteString.copyFrom(x.share()))
                            .build()).toList())
                    .setSessionId(ByteString.copyFrom(j.sessionId()))
                    .setSignature(ByteString.copyFrom(j.signature())));
        }
        return p.build();
    }

    /** @throws IllegalArgumentException for an empty or malformed packet */
    public static DkgBundle bundle(Packet p) {
        return switch (p.getBundleCase()) {
            case DEAL -> {
                var d = p.getDeal();
                List<Deal> deals = d.getDealsList().stream()
                        .map(x -> new Deal(x.getShareIndex(), x.getEncryptedShare().toByteArray())).toList();
                yield new DealBundle(d.getDealerIndex(), d.getCommitsList().stream().map(ByteString::toByteArray).toList(),
                        deals, d.getSessionId().toByteArray(), d.getSignature().toByteArray());
            }
            case RESPONSE -> {
                var r = p.getResponse();
                List<Response> rs = r.getResponsesList().stream()
                        .map(x -> new Response(x.getDealerIndex(), x.getStatus())).toList();
                yield new ResponseBundle(r.getShareIndex(), rs, r.getSessionId().toByteArray(),
                        r.getSignature().toByteArray());
            }
            case JUSTIFICATION -> {
                var j = p.getJustification();
                List<Justification> js = j.getJustificationsList().stream()
                        .map(x -> new Justification(x.getShareIndex(), x.getShare().toByteArray())).toList();
                yield new JustificationBundle(j.getDealerIndex(), js, j.getSessionId().toByteArray(),
                        j.getSignature().toByteArray());
            }
            case BUNDLE_NOT_SET -> throw new IllegalArgumentException("dkg packet: no bundle");
        };
    }

    // ---- values

    static Participant fromProto(org.jdrand.proto.dkg.Participant p) {
        return new Participant(p.getAddress(), p.getKey().toByteArray(), p.getSignature().toByteArray());
    }

    static org.jdrand.proto.dkg.Participant toProto(Participant p) {
        return org.jdrand.proto.dkg.Participant.newBuilder().setAddress(p.address())
                .setKey(ByteString.copyFrom(p.key())).setSignature(ByteString.copyFrom(p.signature())).build();
    }

    static List<Participant> fromProto(List<org.jdrand.proto.dkg.Participant> list) {
        return list.stream().map(DkgWire::fromProto).toList();
    }

    static List<org.jdrand.proto.dkg.Participant> toProto(List<Participant> list) {
        return list.stream().map(DkgWire::toProto).toList();
    }

    static Instant fromProto(Timestamp t) {
        try {
            return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("dkg packet: time " + t.getSeconds() + "s out of range");
        }
    }

    static Timestamp toProto(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    /** The terms of a proposal, as the ceremony model reads them. */
    static org.jdrand.dkg.ceremony.ProposalTerms fromProto(ProposalTerms t) {
        return new org.jdrand.dkg.ceremony.ProposalTerms(t.getBeaconID(), Integer.toUnsignedLong(t.getEpoch()),
                fromProto(t.getLeader()), t.getThreshold(), fromProto(t.getTimeout()), t.getCatchupPeriodSeconds(), t.getBeaconPeriodSeconds(),
                t.getSchemeID(), fromProto(t.getGenesisTime()), t.getGenesisSeed().toByteArray(),
                fromProto(t.getJoiningList()), fromProto(t.getRemainingList()), fromProto(t.getLeavingList()));
    }

    /** A domain proposal as drand's wire terms. */
    static ProposalTerms toProto(org.jdrand.dkg.ceremony.ProposalTerms t) {
        return ProposalTerms.newBuilder().setBeaconID(t.beaconId()).setEpoch((int) t.epoch())
                .setLeader(toProto(t.leader())).setThreshold(t.threshold()).setTimeout(toProto(t.timeout()))
                .setCatchupPeriodSeconds(t.catchupPeriodSeconds()).setBeaconPeriodSeconds(t.beaconPeriodSeconds())
                .setSchemeID(t.schemeId()).setGenesisTime(toProto(t.genesisTime()))
                .setGenesisSeed(ByteString.copyFrom(t.genesisSeed()))
                .addAllJoining(toProto(t.joining())).addAllRemaining(toProto(t.remaining()))
                .addAllLeaving(toProto(t.leaving())).build();
    }

    // ---- status

    public static DKGEntry toStatus(DkgEntry e) {
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
