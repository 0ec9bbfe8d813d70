package org.jdrand.node.dkg;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.dkg.ceremony.GossipPayload;
import org.jdrand.dkg.ceremony.GossipSigning;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.node.dkg.DkgProcess.DkgException;
import org.jdrand.node.key.KeyPair;
import org.jdrand.proto.dkg.GossipMetadata;
import org.jdrand.proto.dkg.GossipPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gossip packets from peers (proposal, accept, reject, execute, abort): each is checked against
 * its sender's signature over the current terms, applied to the current entry once, and
 * returned for re-gossip to the participants that may not have it. Owner thread only.
 */
final class PacketIntake {
    private static final Logger LOG = LoggerFactory.getLogger(PacketIntake.class);
    private static final int SEEN_PACKETS = 4096;

    private final Bls bls;
    private final CeremonyBook book;
    private final NodeKeys keys;
    private final ProposalCheck check;
    private final ProposalTimeouts proposals;
    private final ExecutionRunner runner;
    private final BeaconHandoff handoff;
    private final Set<String> seenPackets = new LinkedHashSet<>();

    PacketIntake(Bls bls, CeremonyBook book, NodeKeys keys, ProposalCheck check, ProposalTimeouts proposals,
            ExecutionRunner runner, BeaconHandoff handoff) {
        this.bls = bls;
        this.book = book;
        this.keys = keys;
        this.check = check;
        this.proposals = proposals;
        this.runner = runner;
        this.handoff = handoff;
    }

    Outgoing apply(GossipPacket p) throws DkgException {
        GossipMetadata md = p.getMetadata();
        String id = ChainInfo.normaliseBeaconId(md.getBeaconID());
        String sig = Hex.encode(md.getSignature().toByteArray());
        if (seenPackets.contains(sig)) {
            return null;
        }
        KeyPair kp = keys.keyPair(id);
        String me = kp.identity().address();
        DkgStateFile.Entries es = book.entries(id);
        DkgEntry cur = es.current();
        DkgEntry terms;
        GossipPayload part;
        switch (p.getPacketCase()) {
            case PROPOSAL -> {
                terms = DkgMapper.fromProto(p.getProposal(), DkgState.PROPOSED);
                if (!ChainInfo.normaliseBeaconId(terms.beaconId()).equals(id)) {
                    throw new DkgException("dkg proposal: beacon ID " + terms.beaconId() + " (expected " + id
                            + " from the metadata)");
                }
                terms = terms.toBuilder().build();
                part = new GossipPayload.Proposal(terms.terms());
            }
            case ACCEPT -> {
                terms = requireTerms(cur, "accept");
                part = new GossipPayload.Accept(DkgMapper.fromProto(p.getAccept().getAcceptor()));
            }
            case REJECT -> {
                terms = requireTerms(cur, "reject");
                part = new GossipPayload.Reject(DkgMapper.fromProto(p.getReject().getRejector()));
            }
            case EXECUTE -> {
                terms = requireTerms(cur, "execute");
                part = new GossipPayload.Execute(DkgMapper.fromProto(p.getExecute().getTime()));
            }
            case ABORT -> {
                terms = requireTerms(cur, "abort");
                part = new GossipPayload.Abort(p.getAbort().getReason());
            }
            default -> throw new DkgException("dkg packet: empty (expected proposal, accept, reject, execute, abort or dkg)");
        }
        verifySignature(id, md, terms, part);
        seenPackets.add(sig);
        if (seenPackets.size() > SEEN_PACKETS) {
            seenPackets.remove(seenPackets.iterator().next());
        }
        String sender = md.getAddress();
        switch (p.getPacketCase()) {
            case PROPOSAL -> {
                if (cur.state() != DkgState.FRESH && cur.epoch() == terms.epoch() && !cur.state().isTerminal()
                        && cur.isLeader(terms.leader().address())) {
                    return null; // our own or an already known proposal coming back
                }
                if (terms.find(terms.everyone(), me).isEmpty()) {
                    return null;
                }
                check.validate(terms, es);
                if (!cur.state().canMoveTo(DkgState.PROPOSED)) {
                    throw new DkgException("dkg proposal from " + sender + ": state " + cur.state().drandName() + " epoch "
                            + cur.epoch() + " (expected no ceremony in progress)");
                }
                book.put(terms);
                book.persist();
                proposals.watch(terms);
                LOG.info("dkg proposal received id={} epoch={} leader={} role={}", id, terms.epoch(), sender,
                        role(terms, me));
            }
            case ACCEPT, REJECT -> {
                boolean accept = p.getPacketCase() == GossipPacket.PacketCase.ACCEPT;
                Participant who = DkgMapper.fromProto(accept ? p.getAccept().getAcceptor() : p.getReject().getRejector());
                if (!who.address().equals(sender) || cur.find(cur.remaining(), sender).isEmpty()) {
                    throw new DkgException("dkg " + (accept ? "accept" : "reject") + ": from " + sender
                            + " (expected a remainer answering for itself)");
                }
                if (cur.state().isTerminal() || cur.state() == DkgState.COMPLETE) {
                    return null;
                }
                DkgEntry.Builder b = cur.toBuilder();
                if (accept) {
                    b.acceptors(OperatorCommands.plus(cur.acceptors(), who));
                } else {
                    b.rejectors(OperatorCommands.plus(cur.rejectors(), who));
                }
                book.put(b.build());
                book.persist();
                LOG.info("dkg answer id={} epoch={} from={} accepted={}", id, cur.epoch(), sender, accept);
            }
            case EXECUTE -> {
                requireLeader(cur, sender, "execute");
                Instant kickoff = DkgMapper.fromProto(p.getExecute().getTime());
                long transition = ExecutionRunner.transitionTime(cur, kickoff);
                if (cur.find(cur.leaving(), me).isPresent()) {
                    if (cur.state().canMoveTo(DkgState.LEFT)) {
                        book.put(cur.toBuilder().state(DkgState.LEFT).kickoff(kickoff).transitionTime(transition).build());
                        book.persist();
                        LOG.info("dkg left id={} epoch={} transition={}", id, cur.epoch(), transition);
                        handoff.left(id, transition);
                    }
                } else if (cur.state() == DkgState.ACCEPTED || cur.state() == DkgState.JOINED) {
                    DkgEntry next = cur.toBuilder().state(DkgState.EXECUTING).kickoff(kickoff)
                            .transitionTime(transition).build();
                    book.put(next);
                    book.persist();
                    runner.begin(kp, next);
                } else if (cur.state() == DkgState.EXECUTING) {
                    return null;
                } else {
                    LOG.warn("dkg execute ignored id={} epoch={} state={} (this node did not join or accept)", id,
                            cur.epoch(), cur.state());
                }
            }
            case ABORT -> {
                requireLeader(cur, sender, "abort");
                if (!cur.state().canMoveTo(DkgState.ABORTED)) {
                    return null;
                }
                book.put(cur.toBuilder().state(DkgState.ABORTED).error("aborted by the leader: " + p.getAbort().getReason())
                        .build());
                book.persist();
                LOG.info("dkg aborted id={} epoch={} by={} reason={}", id, cur.epoch(), sender, p.getAbort().getReason());
            }
            default -> { }
        }
        DkgEntry now = book.entries(id).current();
        List<String> to = new ArrayList<>(OperatorCommands.others(now, me));
        to.remove(sender);
        return new Outgoing(id, p, to);
    }

    private static String role(DkgEntry t, String me) {
        return t.find(t.joining(), me).isPresent() ? "joiner" : t.find(t.remaining(), me).isPresent() ? "remainer"
                : "leaver";
    }

    private static DkgEntry requireTerms(DkgEntry cur, String what) throws DkgException {
        if (cur.state() == DkgState.FRESH || cur.leader() == null) {
            throw new DkgException("dkg " + what + ": no proposal known here (state " + cur.state().drandName() + ")");
        }
        return cur;
    }

    private static void requireLeader(DkgEntry cur, String sender, String what) throws DkgException {
        if (!cur.isLeader(sender)) {
            throw new DkgException("dkg " + what + ": from " + sender + " (expected the leader "
                    + cur.leader().address() + ")");
        }
    }

    private void verifySignature(String id, GossipMetadata md, DkgEntry terms, GossipPayload part) throws DkgException {
        Scheme scheme = NodeKeys.scheme(terms.schemeId());
        List<Participant> candidates = new ArrayList<>(terms.newNodes());
        candidates.add(terms.leader());
        Participant sender = candidates.stream().filter(x -> x.address().equals(md.getAddress())).findFirst()
                .orElseThrow(() -> new DkgException("dkg packet: sender " + md.getAddress()
                        + " is not a participant of epoch " + terms.epoch()));
        Point key;
        try {
            key = bls.backend(scheme).decode(scheme.keyGroup(), sender.key());
        } catch (IllegalArgumentException e) {
            throw new DkgException("dkg packet: sender " + md.getAddress() + " key: " + e.getMessage());
        }
        byte[] msg = GossipSigning.message(id, part, terms.terms());
        if (!bls.verify(scheme, key, msg, md.getSignature().toByteArray())) {
            throw new DkgException("dkg packet: bad signature from " + md.getAddress() + " ("
                    + Hex.shortHex(md.getSignature().toByteArray()) + ")");
        }
    }
}
