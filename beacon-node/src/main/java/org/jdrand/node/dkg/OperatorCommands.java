package org.jdrand.node.dkg;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.dkg.ceremony.Ceremony;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.dkg.ceremony.GossipPayload;
import org.jdrand.dkg.ceremony.GossipSigning;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.dkg.ceremony.ProposalTerms;
import org.jdrand.node.dkg.DkgProcess.DkgException;
import org.jdrand.node.dkg.DkgProcess.Timeouts;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyFileException;
import org.jdrand.node.key.KeyPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's ceremony commands (dkg init, reshare, join, accept, reject, execute, abort):
 * each applies the ceremony model's transition (which refuses what drand refuses) to the current
 * entry, records the next one and returns the signed gossip to send. Owner thread only.
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

    Outgoing initial(String id, DkgCommand.Initial o) throws DkgException {
        KeyPair kp = keys.keyPair(id);
        DkgStateFile.Entries es = book.entries(id);
        if (es.finished() != null) {
            throw new DkgException("dkg init: beacon " + id + " already ran epoch " + es.finished().epoch()
                    + " (expected a fresh beacon): use 'jdrand dkg reshare' to change the group");
        }
        requireIdle(es.current(), "dkg init");
        Scheme scheme = NodeKeys.scheme(o.scheme());
        if (!scheme.equals(kp.scheme())) {
            throw new DkgException("dkg init: scheme " + scheme.id() + " (expected " + kp.scheme().id()
                    + ", the scheme of this node's key pair)");
        }
        if (o.periodSeconds() <= 0) {
            throw new DkgException("dkg init: period " + o.periodSeconds() + "s (expected > 0)");
        }
        Participant me = NodeKeys.me(kp);
        ProposalTerms terms = new ProposalTerms(id, 1, me, o.threshold(), o.timeout(),
                o.catchupPeriodSeconds(), o.periodSeconds(), scheme.id(),
                o.genesisTime(), new byte[0], o.joining(),
                List.of(), List.of());
        if (!terms.genesisTime().isAfter(clock.instant())) {
            throw new DkgException("dkg init: genesis time " + terms.genesisTime() + " has passed (expected a future "
                    + "time: raise --genesis-delay)");
        }
        return startProposal(kp, DkgEntry.of(check.proposing(me, terms, es)));
    }

    Outgoing resharing(String id, DkgCommand.Resharing o) throws DkgException {
        KeyPair kp = keys.keyPair(id);
        DkgStateFile.Entries es = book.entries(id);
        DkgEntry last = es.finished();
        if (last == null) {
            throw new DkgException("dkg reshare: beacon " + id + " has no finished DKG here (expected a group from "
                    + "'dkg init'): run the initial ceremony first");
        }
        requireIdle(es.current(), "dkg reshare");
        Participant me = NodeKeys.me(kp);
        ProposalTerms terms = new ProposalTerms(id, last.epoch() + 1, me, o.threshold(),
                o.timeout(), o.catchupPeriodSeconds(), last.periodSeconds(),
                last.schemeId(), last.genesisTime(), last.genesisSeed(), o.joining(),
                o.remaining(), o.leaving());
        return startProposal(kp, DkgEntry.of(check.proposing(me, terms, es)));
    }

    private Outgoing startProposal(KeyPair kp, DkgEntry next) throws DkgException {
        book.put(next);
        book.persist();
        proposals.watch(next);
        LOG.info("dkg proposing id={} epoch={} n={} t={} joining={} remaining={} leaving={}", next.beaconId(),
                next.epoch(), next.newNodes().size(), next.threshold(), next.joining().size(),
                next.remaining().size(), next.leaving().size());
        GossipMessage p = signed(kp, next, new GossipPayload.Proposal(next.terms()), "");
        return new Outgoing(next.beaconId(), p, others(next, kp.identity().address()));
    }

    Void join(String id, DkgCommand.Join o) throws DkgException {
        KeyPair kp = keys.keyPair(id);
        DkgEntry cur = book.entries(id).current();
        Optional<Ceremony.PreviousGroup> previous = Optional.empty();
        String toml = null;
        if (cur.epoch() > 1 && !o.groupToml().isEmpty()) { // epoch 1 has no previous group
            toml = o.groupToml();
            try {
                Group g = keys.keyStore(id).parseGroup("--group", toml);
                previous = Optional.of(new Ceremony.PreviousGroup(Instant.ofEpochSecond(g.genesisTime()),
                        g.genesisSeed()));
            } catch (KeyFileException e) {
                throw new DkgException("dkg join: " + e.getMessage());
            }
        }
        Optional<Ceremony.PreviousGroup> given = previous;
        Ceremony next = command("dkg join", () -> cur.ceremony().joined(NodeKeys.me(kp), given, clock.instant()));
        book.put(cur.moved(next).withPreviousGroup(toml));
        book.persist();
        LOG.info("dkg joined id={} epoch={}", id, cur.epoch());
        return null;
    }

    Outgoing answer(String id, boolean accept) throws DkgException {
        KeyPair kp = keys.keyPair(id);
        DkgEntry cur = book.entries(id).current();
        Participant me = NodeKeys.me(kp);
        Instant now = clock.instant();
        DkgEntry next = cur.moved(accept ? command("dkg accept", () -> cur.ceremony().accepted(me, now))
                : command("dkg reject", () -> cur.ceremony().rejected(me, now)));
        book.put(next);
        book.persist();
        GossipMessage m = accept ? signed(kp, next, new GossipPayload.Accept(me), "")
                : signed(kp, next, new GossipPayload.Reject(me), "rejected by operator");
        return new Outgoing(id, m, others(next, me.address()));
    }

    Outgoing execute(String id) throws DkgException {
        KeyPair kp = keys.keyPair(id);
        DkgEntry cur = book.entries(id).current();
        Instant now = clock.instant();
        Ceremony executing = command("dkg execute", () -> cur.ceremony().executingAsLeader(now));
        Instant kickoff = now.plus(timeouts.kickoffGrace());
        DkgEntry next = cur.moved(executing).withKickoff(kickoff, ExecutionRunner.transitionTime(cur, kickoff));
        book.put(next);
        book.persist();
        runner.begin(kp, next);
        GossipMessage p = signed(kp, next, new GossipPayload.Execute(kickoff), "");
        return new Outgoing(id, p, others(next, kp.identity().address()));
    }

    Outgoing abort(String id, String reason) throws DkgException {
        KeyPair kp = keys.keyPair(id);
        DkgEntry cur = book.entries(id).current();
        if (cur.state() == DkgState.EXECUTING) {
            throw new DkgException("dkg abort: the DKG is executing (it ends by itself, Complete, Failed or TimedOut, "
                    + "within 3 phase timeouts of " + timeouts.phaseTimeout().toSeconds() + "s)");
        }
        book.put(cur.ended(command("dkg abort", () -> cur.ceremony().aborted()), reason));
        book.persist();
        LOG.info("dkg aborted id={} epoch={} reason={}", id, cur.epoch(), reason);
        if (!cur.isLeader(kp.identity().address())) {
            return Outgoing.none(id); // a participant aborts only its own view
        }
        GossipMessage p = signed(kp, cur, new GossipPayload.Abort(reason), "");
        return new Outgoing(id, p, others(cur, kp.identity().address()));
    }

    /** A transition of the model for {@code verb}; a refusal names the verb and points to the status. */
    private static Ceremony command(String verb, Supplier<Ceremony> transition) throws DkgException {
        try {
            return ProposalCheck.ruled(transition);
        } catch (DkgException e) {
            String m = e.getMessage();
            throw new DkgException((m.startsWith(verb) ? m : verb + ": " + m) + " (see 'jdrand dkg status')");
        }
    }

    private GossipMessage signed(KeyPair kp, DkgEntry terms, GossipPayload part, String reason) {
        byte[] msg = GossipSigning.message(terms.beaconId(), part, terms.terms());
        byte[] sig = bls.sign(kp.scheme(), kp.secret(), msg);
        return new GossipMessage(terms.beaconId(), kp.identity().address(), sig, part, reason);
    }

    static List<String> others(DkgEntry e, String me) {
        return e.everyone().stream().map(Participant::address).filter(a -> !a.equals(me)).distinct().toList();
    }

    private static void requireIdle(DkgEntry cur, String what) throws DkgException {
        if (!cur.state().isIdle()) {
            throw new DkgException(what + ": a ceremony is in progress (state " + cur.state().drandName() + ", epoch " + cur.epoch()
                    + "): wait for it or abort it with 'jdrand dkg abort'");
        }
    }
}
