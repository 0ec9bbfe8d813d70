package org.jdrand.node.dkg;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.dkg.ceremony.Ceremony;
import org.jdrand.dkg.ceremony.CeremonyException;
import org.jdrand.dkg.ceremony.CeremonyException.Reason;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.dkg.ceremony.GossipPayload;
import org.jdrand.dkg.ceremony.GossipSigning;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.dkg.ceremony.ProposalTerms;
import org.jdrand.node.dkg.DkgProcess.DkgException;
import org.jdrand.node.key.KeyPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gossip packets from peers (proposal, accept, reject, execute, abort): each is checked against
 * its sender's signature over the current terms, applied once through the ceremony model's
 * transition, and
 * returned for re-gossip to the participants that may not have it. Owner thread only.
 */
final class PacketIntake {
    private static final Logger LOG = LoggerFactory.getLogger(PacketIntake.class);
    private static final int SEEN_PACKETS = 4096;

    private final Bls bls;
    private final InstantSource clock;
    private final CeremonyBook book;
    private final NodeKeys keys;
    private final ProposalCheck check;
    private final ProposalTimeouts proposals;
    private final ExecutionRunner runner;
    private final BeaconHandoff handoff;
    private final Set<String> seenPackets = new LinkedHashSet<>();

    PacketIntake(Bls bls, InstantSource clock, CeremonyBook book, NodeKeys keys, ProposalCheck check, ProposalTimeouts proposals,
            ExecutionRunner runner, BeaconHandoff handoff) {
        this.bls = bls;
        this.clock = clock;
        this.book = book;
        this.keys = keys;
        this.check = check;
        this.proposals = proposals;
        this.runner = runner;
        this.handoff = handoff;
    }

    Outgoing apply(GossipMessage p) throws DkgException {
        String id = ChainInfo.normaliseBeaconId(p.beaconId());
        String sig = Hex.encode(p.signature());
        if (seenPackets.contains(sig)) {
            return null;
        }
        KeyPair kp = keys.keyPair(id);
        Participant me = NodeKeys.me(kp);
        DkgStateFile.Entries es = book.entries(id);
        DkgEntry cur = es.current();
        ProposalTerms terms;
        if (p.payload() instanceof GossipPayload.Proposal proposal) {
            terms = proposal.terms();
            if (!ChainInfo.normaliseBeaconId(terms.beaconId()).equals(id)) {
                throw new DkgException("dkg proposal: beacon ID " + terms.beaconId() + " (expected " + id
                        + " from the metadata)");
            }
        } else {
            if (cur.terms() == null) {
                throw new DkgException("dkg " + kind(p.payload()) + ": no proposal known here (state "
                        + cur.state().drandName() + ")");
            }
            terms = cur.terms();
        }
        verifySignature(id, p, terms);
        seenPackets.add(sig);
        if (seenPackets.size() > SEEN_PACKETS) {
            seenPackets.remove(seenPackets.iterator().next());
        }
        String sender = p.sender();
        GossipPayload part = p.payload();
        boolean applied;
        if (part instanceof GossipPayload.Proposal) {
            applied = proposal(es, me, sender, terms);
        } else if (part instanceof GossipPayload.Accept a) {
            applied = answer(cur, sender, a.acceptor(), true);
        } else if (part instanceof GossipPayload.Reject r) {
            applied = answer(cur, sender, r.rejector(), false);
        } else if (part instanceof GossipPayload.Execute e) {
            applied = execute(kp, cur, sender, e.time());
        } else if (part instanceof GossipPayload.Abort a) {
            applied = abort(cur, sender, a.reason());
        } else {
            throw new DkgException("dkg packet: a kyber bundle is not ceremony gossip");
        }
        if (!applied) {
            return null;
        }
        DkgEntry now = book.entries(id).current();
        List<String> to = new ArrayList<>(OperatorCommands.others(now, me.address()));
        to.remove(sender);
        return new Outgoing(id, p, to);
    }

    private static String kind(GossipPayload p) {
        return p.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return false for a proposal not to re-gossip: our own or a known one coming back, or not for us */
    private boolean proposal(DkgStateFile.Entries es, Participant me, String sender, ProposalTerms terms)
            throws DkgException {
        DkgEntry cur = es.current();
        if (cur.state() != DkgState.FRESH && cur.epoch() == terms.epoch() && !cur.state().isTerminal()
                && cur.isLeader(terms.leader().address())) {
            return false;
        }
        if (role(terms, me.address()) == null) {
            return false;
        }
        DkgEntry next = DkgEntry.of(check.proposed(me, sender, terms, es));
        book.put(next);
        book.persist();
        proposals.watch(next);
        LOG.info("dkg proposal received id={} epoch={} leader={} role={}", next.beaconId(), terms.epoch(), sender,
                role(terms, me.address()));
        return true;
    }

    /** A remainer's answer, recorded by the model; a late or repeated copy is dropped. */
    private boolean answer(DkgEntry cur, String sender, Participant who, boolean accept) throws DkgException {
        Ceremony next;
        try {
            next = accept ? cur.ceremony().receivedAcceptance(who, sender)
                    : cur.ceremony().receivedRejection(who, sender);
        } catch (CeremonyException e) {
            if (e.reason() == Reason.NOT_IN_PROPOSAL_PHASE || e.reason() == Reason.DUPLICATE_ACCEPTANCE
                    || e.reason() == Reason.DUPLICATE_REJECTION) {
                return false;
            }
            throw new DkgException(e.getMessage());
        }
        book.put(cur.moved(next));
        book.persist();
        LOG.info("dkg answer id={} epoch={} from={} accepted={}", cur.beaconId(), cur.epoch(), sender, accept);
        return true;
    }

    /** The leader's execute: remainers and joiners run the DKG, leavers leave. */
    private boolean execute(KeyPair kp, DkgEntry cur, String sender, Instant kickoff) throws DkgException {
        if (cur.state() == DkgState.EXECUTING) {
            return false; // a copy of the execute already applied
        }
        Participant me = NodeKeys.me(kp);
        Ceremony next;
        try {
            next = cur.ceremony().executing(me, sender, clock.instant());
        } catch (CeremonyException e) {
            if (e.reason() != Reason.INVALID_TRANSITION) {
                throw new DkgException(e.getMessage());
            }
            // a leaver that already left, or a node that neither accepted nor joined: it sits this one out
            LOG.warn("dkg execute ignored id={} epoch={} state={} ({})", cur.beaconId(), cur.epoch(), cur.state(),
                    e.getMessage());
            return true;
        }
        DkgEntry entry = cur.moved(next).withKickoff(kickoff, ExecutionRunner.transitionTime(cur, kickoff));
        book.put(entry);
        book.persist();
        if (next.state() == DkgState.LEFT) {
            LOG.info("dkg left id={} epoch={} transition={}", cur.beaconId(), cur.epoch(), entry.transitionTime());
            handoff.left(cur.beaconId(), entry.transitionTime());
        } else {
            runner.begin(kp, entry);
        }
        return true;
    }

    private boolean abort(DkgEntry cur, String sender, String reason) throws DkgException {
        Ceremony next;
        try {
            next = cur.ceremony().abortedBy(sender);
        } catch (CeremonyException e) {
            if (e.reason() == Reason.INVALID_TRANSITION) {
                return false; // nothing to abort any more
            }
            throw new DkgException(e.getMessage());
        }
        book.put(cur.ended(next, "aborted by the leader: " + reason));
        book.persist();
        LOG.info("dkg aborted id={} epoch={} by={} reason={}", cur.beaconId(), cur.epoch(), sender, reason);
        return true;
    }

    /** joiner, remainer or leaver; null when {@code me} is not in the proposal. */
    private static String role(ProposalTerms t, String me) {
        return has(t.joining(), me) ? "joiner" : has(t.remaining(), me) ? "remainer"
                : has(t.leaving(), me) ? "leaver" : null;
    }

    private static boolean has(List<Participant> list, String address) {
        return list.stream().anyMatch(p -> p.address().equals(address));
    }

    private void verifySignature(String id, GossipMessage p, ProposalTerms terms) throws DkgException {
        Scheme scheme = NodeKeys.scheme(terms.schemeId());
        List<Participant> candidates = new ArrayList<>(terms.nextGroup());
        candidates.add(terms.leader());
        Participant sender = candidates.stream().filter(x -> x.address().equals(p.sender())).findFirst()
                .orElseThrow(() -> new DkgException("dkg packet: sender " + p.sender()
                        + " is not a participant of epoch " + terms.epoch()));
        Point key;
        try {
            key = bls.backend(scheme).decode(scheme.keyGroup(), sender.key());
        } catch (IllegalArgumentException e) {
            throw new DkgException("dkg packet: sender " + p.sender() + " key: " + e.getMessage());
        }
        byte[] msg = GossipSigning.message(id, p.payload(), terms);
        if (!bls.verify(scheme, key, msg, p.signature())) {
            throw new DkgException("dkg packet: bad signature from " + p.sender() + " ("
                    + Hex.shortHex(p.signature()) + ")");
        }
    }
}
