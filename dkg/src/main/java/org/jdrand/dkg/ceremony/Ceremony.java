package org.jdrand.dkg.ceremony;

import static org.jdrand.dkg.ceremony.CeremonyException.Reason.CANNOT_ACCEPT_AS_JOINER;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.CANNOT_ACCEPT_AS_LEAVER;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.CANNOT_EXECUTE_IF_NOT_PARTICIPANT;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.CANNOT_JOIN_IF_NOT_JOINER;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.CANNOT_LEAVE_IF_NOT_LEAVER;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.CANNOT_REJECT_AS_JOINER;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.CANNOT_REJECT_AS_LEAVER;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.DUPLICATE_ACCEPTANCE;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.DUPLICATE_REJECTION;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.GENESIS_SEED_CHANGED;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.GENESIS_TIME_CHANGED;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.INVALID_ACCEPTOR;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.INVALID_REJECTOR;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.MISSING_ACCEPTANCES;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.MISSING_PREVIOUS_GROUP;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.MISSING_TERMS;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.NOT_IN_PROPOSAL_PHASE;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.NOT_SENT_BY_LEADER;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.REJECTED_BY_REMAINERS;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.SELF_MISSING_FROM_PROPOSAL;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.TIMEOUT_REACHED;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.UNKNOWN_ACCEPTOR;
import static org.jdrand.dkg.ceremony.CeremonyException.Reason.UNKNOWN_REJECTOR;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One node's view of the v2 DKG ceremony for a beacon ID (drand's {@code DBState} /
 * {@code DKGEntry}). Immutable: every command or received packet returns the next value or throws
 * a {@link CeremonyException}; time is an input. Wiring to gRPC, persistence and running the
 * {@code DkgSession} at kickoff are the node's job.
 *
 * @param terms      the proposal in force (null only when FRESH)
 * @param finalGroup addresses of the group this ceremony produced (COMPLETE only)
 */
public record Ceremony(String beaconId, DkgState state, ProposalTerms terms, List<Participant> acceptors,
        List<Participant> rejectors, List<String> finalGroup) {

    /** The previous group as a joiner reads it from {@code --group}: genesis time and seed. */
    public record PreviousGroup(Instant genesisTime, byte[] genesisSeed) {
        public PreviousGroup {
            Objects.requireNonNull(genesisTime, "genesisTime");
            genesisSeed = genesisSeed.clone();
        }
    }

    public Ceremony {
        Objects.requireNonNull(beaconId, "beaconId");
        Objects.requireNonNull(state, "state");
        if (terms == null && state != DkgState.FRESH) {
            throw new CeremonyException(MISSING_TERMS, "dkg " + beaconId + ": state " + state + " without terms");
        }
        acceptors = List.copyOf(acceptors);
        rejectors = List.copyOf(rejectors);
        finalGroup = List.copyOf(finalGroup);
    }

    public static Ceremony fresh(String beaconId) {
        return new Ceremony(beaconId, DkgState.FRESH, null, List.of(), List.of(), List.of());
    }

    public long epoch() {
        return terms == null ? 0 : terms.epoch();
    }

    public int threshold() {
        return terms == null ? 0 : terms.threshold();
    }

    /**
     * Where a new proposal is checked against: after an abort, timeout or failure, the last
     * completed ceremony, or a fresh one if none completed yet.
     */
    public static Ceremony reference(Ceremony current, Optional<Ceremony> lastCompleted) {
        return current.state.isTerminal() ? lastCompleted.orElse(fresh(current.beaconId)) : current;
    }

    // ---- leader

    /** {@code dkg init} / {@code dkg reshare} on the leader. */
    public Ceremony proposing(Participant me, ProposalTerms proposal, Instant now, Optional<Ceremony> lastCompleted,
            IdentityCheck identities) {
        state.checkMoveTo(DkgState.PROPOSING);
        if (!proposal.leader().equals(me)) {
            throw new CeremonyException(NOT_SENT_BY_LEADER, "dkg proposal: leader " + proposal.leader().address()
                    + " (expected this node " + me.address() + ")");
        }
        ProposalValidation.validate(reference(this, lastCompleted), proposal, now, identities);
        return next(DkgState.PROPOSING, proposal);
    }

    // ---- received gossip

    /** A proposal packet from {@code sender}: must be the leader; the terms must pass validation. */
    public Ceremony proposed(Participant me, String sender, ProposalTerms proposal, Instant now,
            Optional<Ceremony> lastCompleted, IdentityCheck identities) {
        state.checkMoveTo(DkgState.PROPOSED);
        if (!sender.equals(proposal.leader().address())) {
            throw new CeremonyException(NOT_SENT_BY_LEADER, "dkg proposal: sent by " + sender + " (expected the leader "
                    + proposal.leader().address() + ")");
        }
        ProposalValidation.validate(reference(this, lastCompleted), proposal, now, identities);
        if (!proposal.joining().contains(me) && !proposal.remaining().contains(me) && !proposal.leaving().contains(me)) {
            throw new CeremonyException(SELF_MISSING_FROM_PROPOSAL, "dkg proposal: this node " + me.address()
                    + " is not in it");
        }
        return next(DkgState.PROPOSED, proposal);
    }

    /** An acceptance gossiped by a remainer: recorded, the state does not change. */
    public Ceremony receivedAcceptance(Participant acceptor, String sender) {
        requireProposalPhase("acceptance");
        if (!terms.remaining().contains(acceptor)) {
            throw new CeremonyException(UNKNOWN_ACCEPTOR, "dkg acceptance: " + acceptor.address() + " is not a remainer");
        }
        if (acceptors.contains(acceptor)) {
            throw new CeremonyException(DUPLICATE_ACCEPTANCE, "dkg acceptance: " + acceptor.address() + " already accepted");
        }
        if (!sender.equals(acceptor.address())) {
            throw new CeremonyException(INVALID_ACCEPTOR, "dkg acceptance: sent by " + sender + " for " + acceptor.address());
        }
        return new Ceremony(beaconId, state, terms, plus(acceptors, acceptor), minus(rejectors, acceptor), finalGroup);
    }

    /** A rejection gossiped by a remainer: recorded, the state does not change. */
    public Ceremony receivedRejection(Participant rejector, String sender) {
        requireProposalPhase("rejection");
        if (!terms.remaining().contains(rejector)) {
            throw new CeremonyException(UNKNOWN_REJECTOR, "dkg rejection: " + rejector.address() + " is not a remainer");
        }
        if (rejectors.contains(rejector)) {
            throw new CeremonyException(DUPLICATE_REJECTION, "dkg rejection: " + rejector.address() + " already rejected");
        }
        if (!sender.equals(rejector.address())) {
            throw new CeremonyException(INVALID_REJECTOR, "dkg rejection: sent by " + sender + " for " + rejector.address());
        }
        return new Ceremony(beaconId, state, terms, minus(acceptors, rejector), plus(rejectors, rejector), finalGroup);
    }

    /** The leader's execute packet: remainers and joiners execute, leavers leave. */
    public Ceremony executing(Participant me, String sender, Instant now) {
        requireNotExpired(now);
        // checked first: a leaver must not leave on anyone else's word
        if (!sender.equals(terms.leader().address())) {
            throw new CeremonyException(NOT_SENT_BY_LEADER, "dkg execute: sent by " + sender + " (expected the leader "
                    + terms.leader().address() + ")");
        }
        if (terms.leaving().contains(me)) {
            return left(me, now);
        }
        state.checkMoveTo(DkgState.EXECUTING);
        if (!terms.remaining().contains(me) && !terms.joining().contains(me)) {
            throw new CeremonyException(CANNOT_EXECUTE_IF_NOT_PARTICIPANT, "dkg execute: " + me.address()
                    + " neither remains nor joins");
        }
        return next(DkgState.EXECUTING, terms);
    }

    /** The leader's abort packet. */
    public Ceremony abortedBy(String sender) {
        state.checkMoveTo(DkgState.ABORTED);
        if (!sender.equals(terms.leader().address())) {
            throw new CeremonyException(NOT_SENT_BY_LEADER, "dkg abort: sent by " + sender + " (expected the leader "
                    + terms.leader().address() + ")");
        }
        return next(DkgState.ABORTED, terms);
    }

    // ---- local commands

    /**
     * {@code dkg execute} on the leader: only a proposal no remainer rejected and every other
     * remainer accepted (a missing answer would leave that remainer out of a DKG it expects).
     */
    public Ceremony executingAsLeader(Instant now) {
        requireNotExpired(now);
        state.checkMoveTo(DkgState.EXECUTING);
        if (!rejectors.isEmpty()) {
            throw new CeremonyException(REJECTED_BY_REMAINERS, "dkg execute: rejected by "
                    + rejectors.stream().map(Participant::address).toList());
        }
        List<String> missing = terms.remaining().stream()
                .filter(p -> !p.equals(terms.leader()) && !acceptors.contains(p)).map(Participant::address).toList();
        if (!missing.isEmpty()) {
            throw new CeremonyException(MISSING_ACCEPTANCES, "dkg execute: remainers " + missing
                    + " have not accepted");
        }
        return next(DkgState.EXECUTING, terms);
    }

    /** {@code dkg join}; after epoch 1 the previous group must match the proposal. */
    public Ceremony joined(Participant me, Optional<PreviousGroup> previous, Instant now) {
        state.checkMoveTo(DkgState.JOINED);
        requireNotExpired(now);
        if (!terms.joining().contains(me)) {
            throw new CeremonyException(CANNOT_JOIN_IF_NOT_JOINER, "dkg join: " + me.address() + " is not a joiner");
        }
        if (previous.isEmpty()) {
            if (terms.epoch() != 1) {
                throw new CeremonyException(MISSING_PREVIOUS_GROUP, "dkg join: epoch " + terms.epoch()
                        + " needs the previous group file");
            }
        } else {
            if (previous.get().genesisTime().getEpochSecond() != terms.genesisTime().getEpochSecond()) {
                throw new CeremonyException(GENESIS_TIME_CHANGED, "dkg join: previous group genesis "
                        + previous.get().genesisTime() + " (expected " + terms.genesisTime() + ")");
            }
            if (!Arrays.equals(previous.get().genesisSeed(), terms.genesisSeed())) {
                throw new CeremonyException(GENESIS_SEED_CHANGED, "dkg join: previous group genesis seed differs");
            }
        }
        return next(DkgState.JOINED, terms);
    }

    /** {@code dkg accept} on a remainer. */
    public Ceremony accepted(Participant me, Instant now) {
        state.checkMoveTo(DkgState.ACCEPTED);
        requireNotExpired(now);
        if (terms.leaving().contains(me)) {
            throw new CeremonyException(CANNOT_ACCEPT_AS_LEAVER, "dkg accept: " + me.address() + " is leaving");
        }
        if (terms.joining().contains(me)) {
            throw new CeremonyException(CANNOT_ACCEPT_AS_JOINER, "dkg accept: " + me.address() + " joins (use join)");
        }
        return new Ceremony(beaconId, DkgState.ACCEPTED, terms, plus(acceptors, me), minus(rejectors, me), finalGroup);
    }

    /** {@code dkg reject} on a remainer. */
    public Ceremony rejected(Participant me, Instant now) {
        state.checkMoveTo(DkgState.REJECTED);
        requireNotExpired(now);
        if (terms.joining().contains(me)) {
            throw new CeremonyException(CANNOT_REJECT_AS_JOINER, "dkg reject: " + me.address() + " joins");
        }
        if (terms.leaving().contains(me)) {
            throw new CeremonyException(CANNOT_REJECT_AS_LEAVER, "dkg reject: " + me.address() + " is leaving");
        }
        return new Ceremony(beaconId, DkgState.REJECTED, terms, minus(acceptors, me), plus(rejectors, me), finalGroup);
    }

    /** A leaver leaves at execution (or a joiner gives up). */
    public Ceremony left(Participant me, Instant now) {
        state.checkMoveTo(DkgState.LEFT);
        requireNotExpired(now);
        if (!terms.leaving().contains(me) && !terms.joining().contains(me)) {
            throw new CeremonyException(CANNOT_LEAVE_IF_NOT_LEAVER, "dkg leave: " + me.address()
                    + " is neither leaving nor joining");
        }
        return next(DkgState.LEFT, terms);
    }

    /** {@code dkg abort} on the leader. */
    public Ceremony aborted() {
        state.checkMoveTo(DkgState.ABORTED);
        return next(DkgState.ABORTED, terms);
    }

    /** The proposal timeout passed before completion. */
    public Ceremony timedOut() {
        state.checkMoveTo(DkgState.TIMED_OUT);
        return next(DkgState.TIMED_OUT, terms);
    }

    /** The execution ended without a share (the DKG failed). */
    public Ceremony failed() {
        state.checkMoveTo(DkgState.FAILED);
        return next(DkgState.FAILED, terms);
    }

    /** The DKG produced a group; at epoch 1 this is also where the genesis seed is set. */
    public Ceremony complete(List<String> finalGroupAddresses, byte[] genesisSeed, Instant now) {
        state.checkMoveTo(DkgState.COMPLETE);
        requireNotExpired(now);
        if (finalGroupAddresses.isEmpty()) {
            throw new IllegalArgumentException("dkg complete: empty final group");
        }
        ProposalTerms t = terms.genesisSeed().length == 0 ? terms.withSeed(genesisSeed) : terms;
        return new Ceremony(beaconId, DkgState.COMPLETE, t, acceptors, rejectors, finalGroupAddresses);
    }

    // ----

    private Ceremony next(DkgState s, ProposalTerms t) {
        boolean newTerms = t != terms;
        return new Ceremony(beaconId, s, t, newTerms ? List.of() : acceptors, newTerms ? List.of() : rejectors,
                s == DkgState.PROPOSING || s == DkgState.PROPOSED ? List.of() : finalGroup);
    }

    private void requireProposalPhase(String what) {
        if (!EnumSet.of(DkgState.PROPOSED, DkgState.PROPOSING, DkgState.ACCEPTED, DkgState.REJECTED, DkgState.JOINED)
                .contains(state)) {
            throw new CeremonyException(NOT_IN_PROPOSAL_PHASE, "dkg " + what + ": state " + state
                    + " is not a proposal phase");
        }
    }

    private void requireNotExpired(Instant now) {
        if (now.getEpochSecond() >= terms.timeout().getEpochSecond()) {
            throw new CeremonyException(TIMEOUT_REACHED, "dkg: proposal timeout " + terms.timeout() + " reached at " + now);
        }
    }

    private static List<Participant> plus(List<Participant> list, Participant p) {
        List<Participant> out = new ArrayList<>(list);
        out.remove(p);
        out.add(p);
        return out;
    }

    private static List<Participant> minus(List<Participant> list, Participant p) {
        List<Participant> out = new ArrayList<>(list);
        out.remove(p);
        return out;
    }
}
