package org.jdrand.node.dkg;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.dkg.ceremony.GossipPayload;
import org.jdrand.dkg.ceremony.GossipSigning;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.node.dkg.DkgProcess.DkgException;
import org.jdrand.node.dkg.DkgProcess.Timeouts;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyFileException;
import org.jdrand.node.key.KeyPair;
import org.jdrand.proto.dkg.AbortDKG;
import org.jdrand.proto.dkg.AcceptProposal;
import org.jdrand.proto.dkg.FirstProposalOptions;
import org.jdrand.proto.dkg.GossipMetadata;
import org.jdrand.proto.dkg.GossipPacket;
import org.jdrand.proto.dkg.JoinOptions;
import org.jdrand.proto.dkg.ProposalOptions;
import org.jdrand.proto.dkg.RejectProposal;
import org.jdrand.proto.dkg.StartExecution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's ceremony commands (dkg init, reshare, join, accept, reject, execute, abort):
 * each checks the command against the current entry, records the next one and returns the
 * signed gossip to send. Owner thread only.
 */
final class OperatorCommands {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorCommands.class);

    private final Bls bls;
    private final InstantSource clock;
    private final CeremonyBook book;
    private final NodeKeys keys;
    private final ProposalCheck check;
    private final ProposalTimeouts proposals;
    private final ExecutionRunner runner;
    private final Timeouts timeouts;

    OperatorCommands(Bls bls, InstantSource clock, CeremonyBook book, NodeKeys keys, ProposalCheck check,
            ProposalTimeouts proposals, ExecutionRunner runner, Timeouts timeouts) {
        this.bls = bls;
        this.clock = clock;
        this.book = book;
        this.keys = keys;
        this.check = check;
        this.proposals = proposals;
        this.runner = runner;
        this.timeouts = timeouts;
    }

    Outgoing initial(String id, FirstProposalOptions o) throws DkgException {
        KeyPair kp = keys.keyPair(id);
        DkgStateFile.Entries es = book.entries(id);
        if (es.finished() != null) {
            throw new DkgException("dkg init: beacon " + id + " already ran epoch " + es.finished().epoch()
                    + " (expected a fresh beacon): use 'jdrand dkg reshare' to change the group");
        }
        requireIdle(es.current(), "dkg init");
        Scheme scheme = NodeKeys.scheme(o.getScheme());
        if (!scheme.equals(kp.scheme())) {
            throw new DkgException("dkg init: scheme " + scheme.id() + " (expected " + kp.scheme().id()
                    + ", the scheme of this node's key pair)");
        }
        if (o.getPeriodSeconds() <= 0) {
            throw new DkgException("dkg init: period " + o.getPeriodSeconds() + "s (expected > 0)");
        }
        Participant me = NodeKeys.me(kp);
        List<Participant> joining = DkgMapper.fromProto(o.getJoiningList());
        DkgEntry terms = new DkgEntry(id, DkgState.PROPOSING, 1, o.getThreshold(), DkgMapper.fromProto(o.getTimeout()),
                DkgMapper.fromProto(o.getGenesisTime()), new byte[0], 0, o.getPeriodSeconds(),
                o.getCatchupPeriodSeconds(), scheme.id(), me, List.of(), joining, List.of(), List.of(), List.of(),
                List.of(), null, null, "");
        if (terms.find(joining, me.address()).isEmpty()) {
            throw new DkgException("dkg init: the leader " + me.address() + " is not among the joiners (add it to "
                    + "the proposal's Joining list)");
        }
        if (!terms.genesisTime().isAfter(clock.instant())) {
            throw new DkgException("dkg init: genesis time " + terms.genesisTime() + " has passed (expected a future "
                    + "time: raise --genesis-delay)");
        }
        check.validate(terms, es);
        return startProposal(kp, terms, es);
    }

    Outgoing resharing(String id, ProposalOptions o) throws DkgException {
        KeyPair kp = keys.keyPair(id);
        DkgStateFile.Entries es = book.entries(id);
        DkgEntry last = es.finished();
        if (last == null) {
            throw new DkgException("dkg reshare: beacon " + id + " has no finished DKG here (expected a group from "
                    + "'dkg init'): run the initial ceremony first");
        }
        requireIdle(es.current(), "dkg reshare");
        Participant me = NodeKeys.me(kp);
        List<Participant> remaining = DkgMapper.fromProto(o.getRemainingList());
        DkgEntry terms = new DkgEntry(id, DkgState.PROPOSING, last.epoch() + 1, o.getThreshold(),
                DkgMapper.fromProto(o.getTimeout()), last.genesisTime(), last.genesisSeed(), 0, last.periodSeconds(),
                o.getCatchupPeriodSeconds(), last.schemeId(), me, remaining, DkgMapper.fromProto(o.getJoiningList()),
                DkgMapper.fromProto(o.getLeavingList()), List.of(), List.of(), List.of(), null, null, "");
        if (terms.find(remaining, me.address()).isEmpty()) {
            throw new DkgException("dkg reshare: the leader " + me.address() + " is not among the remainers "
                    + "(a leader must stay in the group)");
        }
        check.validate(terms, es);
        return startProposal(kp, terms, es);
    }

    private Outgoing startProposal(KeyPair kp, DkgEntry terms, DkgStateFile.Entries es) throws DkgException {
        es.current().state().checkMoveTo(DkgState.PROPOSING);
        book.put(terms);
        book.persist();
        proposals.watch(terms);
        LOG.info("dkg proposing id={} epoch={} n={} t={} joining={} remaining={} leaving={}", terms.beaconId(),
                terms.epoch(), terms.newNodes().size(), terms.threshold(), terms.joining().size(),
                terms.remaining().size(), terms.leaving().size());
        GossipPacket p = signed(kp, terms, new GossipPayload.Proposal(terms.terms()),
                GossipPacket.newBuilder().setProposal(DkgMapper.toTerms(terms)));
        return new Outgoing(terms.beaconId(), p, others(terms, kp.identity().address()));
    }

    Void join(String id, JoinOptions o) throws DkgException {
        KeyPair kp = keys.keyPair(id);
        DkgEntry cur = book.entries(id).current();
        if (cur.state() != DkgState.PROPOSED) {
            throw new DkgException("dkg join: state " + cur.state().drandName() + " (expected Proposed: wait for the leader's "
                    + "proposal, see 'jdrand dkg status')");
        }
        String me = kp.identity().address();
        if (cur.find(cur.joining(), me).isEmpty()) {
            throw new DkgException("dkg join: " + me + " is not a joiner of epoch " + cur.epoch()
                    + (cur.find(cur.remaining(), me).isPresent() ? " (it remains: use 'jdrand dkg accept')" : ""));
        }
        String previous = null;
        if (cur.epoch() > 1) {
            if (o.getGroupFile().isEmpty()) {
                throw new DkgException("dkg join: epoch " + cur.epoch() + " is a reshare (expected --group with the "
                        + "current group file, e.g. from 'jdrand show group' on a member)");
            }
            previous = o.getGroupFile().toString(StandardCharsets.UTF_8);
            Group g;
            try {
                g = keys.keyStore(id).parseGroup("--group", previous);
            } catch (KeyFileException e) {
                throw new DkgException("dkg join: " + e.getMessage());
            }
            if (g.genesisTime() != cur.genesisTime().getEpochSecond() || !Arrays.equals(g.genesisSeed(),
                    cur.genesisSeed())) {
                throw new DkgException("dkg join: the given group has genesis " + g.genesisTime() + " seed "
                        + Hex.shortHex(g.genesisSeed()) + " (expected the proposal's " + cur.genesisTime().getEpochSecond()
                        + " " + Hex.shortHex(cur.genesisSeed()) + ")");
            }
        }
        book.put(cur.toBuilder().state(DkgState.JOINED).previousGroup(previous).build());
        book.persist();
        LOG.info("dkg joined id={} epoch={}", id, cur.epoch());
        return null;
    }

    Outgoing answer(String id, boolean accept) throws DkgException {
        KeyPair kp = keys.keyPair(id);
        DkgEntry cur = book.entries(id).current();
        String verb = accept ? "dkg accept" : "dkg reject";
        if (cur.state() != DkgState.PROPOSED) {
            throw new DkgException(verb + ": state " + cur.state().drandName() + " (expected Proposed: see 'jdrand dkg status')");
        }
        Participant me = NodeKeys.me(kp);
        if (cur.find(cur.remaining(), me.address()).isEmpty()) {
            throw new DkgException(verb + ": " + me.address() + " is not a remainer of epoch " + cur.epoch()
                    + (cur.find(cur.joining(), me.address()).isPresent() ? " (it joins: use 'jdrand dkg join')" : ""));
        }
        DkgEntry next = accept
                ? cur.toBuilder().state(DkgState.ACCEPTED).acceptors(plus(cur.acceptors(), me)).build()
                : cur.toBuilder().state(DkgState.REJECTED).rejectors(plus(cur.rejectors(), me)).build();
        book.put(next);
        book.persist();
        GossipPacket.Builder b = GossipPacket.newBuilder();
        GossipPayload part;
        if (accept) {
            b.setAccept(AcceptProposal.newBuilder().setAcceptor(DkgMapper.toProto(me)));
            part = new GossipPayload.Accept(me);
        } else {
            b.setReject(RejectProposal.newBuilder().setRejector(DkgMapper.toProto(me)).setReason("rejected by operator"));
            part = new GossipPayload.Reject(me);
        }
        return new Outgoing(id, signed(kp, next, part, b), others(next, me.address()));
    }

    Outgoing execute(String id) throws DkgException {
        KeyPair kp = keys.keyPair(id);
        DkgEntry cur = book.entries(id).current();
        if (cur.state() != DkgState.PROPOSING) {
            throw new DkgException("dkg execute: state " + cur.state().drandName() + " (expected Proposing: only the leader "
                    + "executes its own proposal)");
        }
        if (!cur.rejectors().isEmpty()) {
            throw new DkgException("dkg execute: rejected by " + cur.rejectors().stream().map(Participant::address)
                    .toList() + ": abort with 'jdrand dkg abort' and propose again");
        }
        List<String> missing = new ArrayList<>();
        for (Participant p : cur.remaining()) {
            if (!cur.isLeader(p.address()) && cur.find(cur.acceptors(), p.address()).isEmpty()) {
                missing.add(p.address());
            }
        }
        if (!missing.isEmpty()) {
            throw new DkgException("dkg execute: remainers " + missing + " have not accepted (expected every remainer "
                    + "to run 'jdrand dkg accept'; or abort and propose without them)");
        }
        Instant kickoff = clock.instant().plus(timeouts.kickoffGrace());
        DkgEntry next = cur.toBuilder().state(DkgState.EXECUTING).kickoff(kickoff)
                .transitionTime(ExecutionRunner.transitionTime(cur, kickoff)).build();
        book.put(next);
        book.persist();
        runner.begin(kp, next);
        GossipPacket p = signed(kp, next, new GossipPayload.Execute(kickoff),
                GossipPacket.newBuilder().setExecute(StartExecution.newBuilder().setTime(DkgMapper.toProto(kickoff))));
        return new Outgoing(id, p, others(next, kp.identity().address()));
    }

    Outgoing abort(String id, String reason) throws DkgException {
        KeyPair kp = keys.keyPair(id);
        DkgEntry cur = book.entries(id).current();
        if (cur.state() == DkgState.EXECUTING) {
            throw new DkgException("dkg abort: the DKG is executing (it ends by itself, Complete, Failed or TimedOut, "
                    + "within 3 phase timeouts of " + timeouts.phaseTimeout().toSeconds() + "s)");
        }
        if (!cur.state().canMoveTo(DkgState.ABORTED)) {
            throw new DkgException("dkg abort: nothing to abort (state " + cur.state().drandName() + ")");
        }
        book.put(cur.toBuilder().state(DkgState.ABORTED).error(reason).build());
        book.persist();
        LOG.info("dkg aborted id={} epoch={} reason={}", id, cur.epoch(), reason);
        if (!cur.isLeader(kp.identity().address())) {
            return Outgoing.none(id); // a participant aborts only its own view
        }
        GossipPacket p = signed(kp, cur, new GossipPayload.Abort(reason),
                GossipPacket.newBuilder().setAbort(AbortDKG.newBuilder().setReason(reason)));
        return new Outgoing(id, p, others(cur, kp.identity().address()));
    }

    private GossipPacket signed(KeyPair kp, DkgEntry terms, GossipPayload part, GossipPacket.Builder b) {
        byte[] msg = GossipSigning.message(terms.beaconId(), part, terms.terms());
        byte[] sig = bls.sign(kp.scheme(), kp.secret(), msg);
        return b.setMetadata(GossipMetadata.newBuilder().setBeaconID(terms.beaconId())
                .setAddress(kp.identity().address()).setSignature(ByteString.copyFrom(sig))).build();
    }

    static List<String> others(DkgEntry e, String me) {
        return e.everyone().stream().map(Participant::address).filter(a -> !a.equals(me)).distinct().toList();
    }

    static List<Participant> plus(List<Participant> list, Participant p) {
        if (list.stream().anyMatch(x -> x.address().equals(p.address()))) {
            return list;
        }
        List<Participant> out = new ArrayList<>(list);
        out.add(p);
        return out;
    }

    private static void requireIdle(DkgEntry cur, String what) throws DkgException {
        if (!cur.state().isIdle()) {
            throw new DkgException(what + ": a ceremony is in progress (state " + cur.state().drandName() + ", epoch " + cur.epoch()
                    + "): wait for it or abort it with 'jdrand dkg abort'");
        }
    }
}
