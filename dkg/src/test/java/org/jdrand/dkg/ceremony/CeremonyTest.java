package org.jdrand.dkg.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.A;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.B;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.BEACON;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.C;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.D;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.GENESIS;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.IDENTITIES;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.NOW;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.SEED;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.TIMEOUT;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.completedEpoch1;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.initial;
import static org.jdrand.dkg.ceremony.CeremonyFixtures.reshare;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdrand.dkg.ceremony.CeremonyException.Reason;
import org.junit.jupiter.api.Test;

class CeremonyTest {
    private static final Optional<Ceremony> NONE = Optional.empty();
    private static final Ceremony FRESH = Ceremony.fresh(BEACON);

    private static void refused(Reason reason, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CeremonyException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    // ---- flows through every kind of command

    @Test
    void initialDkgOnTheLeader() {
        Ceremony c = FRESH.proposing(A, initial(), NOW, NONE, IDENTITIES);
        assertThat(c.state()).isEqualTo(DkgState.PROPOSING);
        c = c.executingAsLeader(NOW);
        assertThat(c.state()).isEqualTo(DkgState.EXECUTING);
        c = c.complete(List.of(A.address(), B.address(), C.address()), SEED, NOW);
        assertThat(c.state()).isEqualTo(DkgState.COMPLETE);
        assertThat(c.terms().genesisSeed()).as("epoch 1 sets the seed").isEqualTo(SEED);
        assertThat(c.finalGroup()).hasSize(3);
    }

    @Test
    void initialDkgOnJoiners() {
        Ceremony b = FRESH.proposed(B, A.address(), initial(), NOW, NONE, IDENTITIES);
        assertThat(b.state()).isEqualTo(DkgState.PROPOSED);
        b = b.joined(B, Optional.empty(), NOW);
        assertThat(b.state()).isEqualTo(DkgState.JOINED);
        assertThat(b.executing(B, A.address(), NOW).state()).isEqualTo(DkgState.EXECUTING);
        assertThat(b.executing(B, A.address(), NOW).failed().state()).isEqualTo(DkgState.FAILED);
        assertThat(b.left(B, NOW).state()).as("a joiner may give up").isEqualTo(DkgState.LEFT);
        assertThat(b.aborted().state()).isEqualTo(DkgState.ABORTED);
        assertThat(b.timedOut().state()).isEqualTo(DkgState.TIMED_OUT);
    }

    @Test
    void reshareOnRemainersLeaderLeaverAndJoiner() {
        Ceremony done = completedEpoch1();
        // remainer B accepts, is recorded by the leader, executes, completes
        Ceremony b = done.proposed(B, A.address(), reshare(), NOW, NONE, IDENTITIES);
        assertThat(b.state()).isEqualTo(DkgState.PROPOSED);
        b = b.accepted(B, NOW);
        assertThat(b.state()).isEqualTo(DkgState.ACCEPTED);
        assertThat(b.acceptors()).containsExactly(B);
        b = b.executing(B, A.address(), NOW);
        assertThat(b.state()).isEqualTo(DkgState.EXECUTING);
        b = b.complete(List.of(A.address(), B.address(), D.address()), new byte[] {9}, NOW);
        assertThat(b.terms().genesisSeed()).as("the seed never changes after epoch 1").isEqualTo(SEED);

        Ceremony a = done.proposing(A, reshare(), NOW, NONE, IDENTITIES);
        a = a.receivedAcceptance(B, B.address());
        assertThat(a.acceptors()).containsExactly(B);
        a = a.receivedRejection(B, B.address());
        assertThat(a.acceptors()).isEmpty();
        assertThat(a.rejectors()).containsExactly(B);
        assertThat(a.timedOut().state()).isEqualTo(DkgState.TIMED_OUT);
        Ceremony aborted = a.aborted();
        assertThat(aborted.state()).isEqualTo(DkgState.ABORTED);
        // a retry at the same epoch is checked against the last completed ceremony
        assertThat(aborted.proposing(A, reshare(), NOW, Optional.of(done), IDENTITIES).state())
                .isEqualTo(DkgState.PROPOSING);

        // leaver C goes to Left when execution starts
        Ceremony c = done.proposed(C, A.address(), reshare(), NOW, NONE, IDENTITIES);
        assertThat(c.executing(C, A.address(), NOW).state()).isEqualTo(DkgState.LEFT);

        // joiner D, fresh, needs the previous group
        Ceremony d = FRESH.proposed(D, A.address(), reshare(), NOW, NONE, IDENTITIES);
        refused(Reason.MISSING_PREVIOUS_GROUP, () -> FRESH.proposed(D, A.address(), reshare(), NOW, NONE, IDENTITIES)
                .joined(D, Optional.empty(), NOW));
        d = d.joined(D, Optional.of(new Ceremony.PreviousGroup(GENESIS, SEED)), NOW);
        assertThat(d.state()).isEqualTo(DkgState.JOINED);
        Ceremony timedOut = d.executing(D, A.address(), NOW).timedOut();
        assertThat(timedOut.state()).isEqualTo(DkgState.TIMED_OUT);
        assertThat(timedOut.proposed(D, A.address(), reshare(), NOW, NONE, IDENTITIES).state())
                .as("a retry after a timeout at the same epoch").isEqualTo(DkgState.PROPOSED);
    }

    @Test
    void rejectionThenRemoteAbort() {
        Ceremony b = completedEpoch1().proposed(B, A.address(), reshare(), NOW, NONE, IDENTITIES).rejected(B, NOW);
        assertThat(b.state()).isEqualTo(DkgState.REJECTED);
        assertThat(b.rejectors()).containsExactly(B);
        refused(Reason.NOT_SENT_BY_LEADER, () -> b.abortedBy(B.address()));
        assertThat(b.abortedBy(A.address()).state()).isEqualTo(DkgState.ABORTED);
        refused(Reason.INVALID_TRANSITION, () -> b.executing(B, A.address(), NOW));
    }

    @Test
    void failedCanBeFollowedByANewProposalOrLeaving() {
        Ceremony failed = completedEpoch1().proposed(B, A.address(), reshare(), NOW, NONE, IDENTITIES)
                .accepted(B, NOW).executing(B, A.address(), NOW).failed();
        assertThat(failed.proposed(B, A.address(), reshare(), NOW, Optional.of(completedEpoch1()), IDENTITIES).state())
                .isEqualTo(DkgState.PROPOSED);
        assertThat(failed.aborted().state()).isEqualTo(DkgState.ABORTED);
        Ceremony dFailed = FRESH.proposed(D, A.address(), reshare(), NOW, NONE, IDENTITIES)
                .joined(D, Optional.of(new Ceremony.PreviousGroup(GENESIS, SEED)), NOW)
                .executing(D, A.address(), NOW).failed();
        assertThat(dFailed.left(D, NOW).state()).isEqualTo(DkgState.LEFT);
    }

    // ---- refused commands and packets

    @Test
    void typicalInvalidCommands() {
        Ceremony proposed = completedEpoch1().proposed(B, A.address(), reshare(), NOW, NONE, IDENTITIES);
        refused(Reason.INVALID_TRANSITION, () -> FRESH.aborted());
        refused(Reason.INVALID_TRANSITION, () -> completedEpoch1().executingAsLeader(NOW));
        refused(Reason.INVALID_TRANSITION, () -> proposed.complete(List.of("x:1"), SEED, NOW));
        refused(Reason.CANNOT_ACCEPT_AS_LEAVER, () -> proposed.accepted(C, NOW));
        refused(Reason.CANNOT_ACCEPT_AS_JOINER, () -> proposed.accepted(D, NOW));
        refused(Reason.CANNOT_REJECT_AS_LEAVER, () -> proposed.rejected(C, NOW));
        refused(Reason.CANNOT_REJECT_AS_JOINER, () -> proposed.rejected(D, NOW));
        refused(Reason.CANNOT_JOIN_IF_NOT_JOINER, () -> proposed.joined(B, Optional.empty(), NOW));
        refused(Reason.CANNOT_LEAVE_IF_NOT_LEAVER, () -> proposed.left(B, NOW));
        refused(Reason.TIMEOUT_REACHED, () -> proposed.accepted(B, TIMEOUT));
        refused(Reason.NOT_SENT_BY_LEADER, () -> proposed.accepted(B, NOW).executing(B, B.address(), NOW));
        refused(Reason.NOT_SENT_BY_LEADER, () -> completedEpoch1().proposing(B, reshare(), NOW, NONE, IDENTITIES));
        refused(Reason.GENESIS_TIME_CHANGED, () -> FRESH.proposed(D, A.address(), reshare(), NOW, NONE, IDENTITIES)
                .joined(D, Optional.of(new Ceremony.PreviousGroup(GENESIS.plusSeconds(1), SEED)), NOW));
        refused(Reason.GENESIS_SEED_CHANGED, () -> FRESH.proposed(D, A.address(), reshare(), NOW, NONE, IDENTITIES)
                .joined(D, Optional.of(new Ceremony.PreviousGroup(GENESIS, new byte[] {7})), NOW));
    }

    @Test
    void acceptancesAndRejectionsAreChecked() {
        Ceremony a = completedEpoch1().proposing(A, reshare(), NOW, NONE, IDENTITIES);
        refused(Reason.UNKNOWN_ACCEPTOR, () -> a.receivedAcceptance(D, D.address()));
        refused(Reason.INVALID_ACCEPTOR, () -> a.receivedAcceptance(B, A.address()));
        refused(Reason.DUPLICATE_ACCEPTANCE, () -> a.receivedAcceptance(B, B.address()).receivedAcceptance(B, B.address()));
        refused(Reason.UNKNOWN_REJECTOR, () -> a.receivedRejection(C, C.address()));
        refused(Reason.INVALID_REJECTOR, () -> a.receivedRejection(B, A.address()));
        refused(Reason.DUPLICATE_REJECTION, () -> a.receivedRejection(B, B.address()).receivedRejection(B, B.address()));
        refused(Reason.NOT_IN_PROPOSAL_PHASE, () -> a.receivedAcceptance(B, B.address()).executingAsLeader(NOW)
                .receivedAcceptance(B, B.address()));
    }

    @Test
    void proposalsAreValidated() {
        Ceremony done = completedEpoch1();
        refused(Reason.NOT_SENT_BY_LEADER, () -> done.proposed(B, B.address(), reshare(), NOW, NONE, IDENTITIES));
        refused(Reason.SELF_MISSING_FROM_PROPOSAL, () -> FRESH.proposed(participant("z:1", 99), A.address(),
                initial(), NOW, NONE, IDENTITIES));
        refused(Reason.INVALID_BEACON_ID, () -> Ceremony.fresh("other").proposed(B, A.address(), initial(), NOW, NONE,
                IDENTITIES));
        refused(Reason.INVALID_SCHEME, () -> propose(FRESH, initial(), t -> with(t, "scheme", "bls-on-nothing")));
        Participant forged = new Participant(D.address(), D.key(), B.signature());
        refused(Reason.INVALID_PARTICIPANT_SIGNATURE, () -> propose(FRESH, initial(),
                t -> new ProposalTerms(BEACON, 1, A, 2, TIMEOUT, 60, 3, t.schemeId(), GENESIS, new byte[0],
                        List.of(A, B, forged), List.of(), List.of())));
        refused(Reason.TIMEOUT_REACHED, () -> FRESH.proposed(B, A.address(), initial(), TIMEOUT, NONE, IDENTITIES));
        refused(Reason.THRESHOLD_TOO_HIGH, () -> propose(FRESH, initial(), t -> with(t, "threshold", 4)));
        refused(Reason.THRESHOLD_TOO_LOW, () -> propose(FRESH, initial(), t -> with(t, "threshold", 1)));
        refused(Reason.INVALID_EPOCH, () -> done.proposed(B, A.address(), initial(), NOW, NONE, IDENTITIES));
        refused(Reason.INVALID_EPOCH_LEFTOVER, () -> propose(done, reshare(), t -> with(t, "epoch", 3L)));
        refused(Reason.GENESIS_SEED_IN_FIRST_EPOCH, () -> propose(FRESH, initial(), t -> t.withSeed(SEED)));
        refused(Reason.ONLY_JOINERS_IN_FIRST_EPOCH, () -> propose(FRESH, initial(), t -> new ProposalTerms(BEACON, 1, A,
                2, TIMEOUT, 60, 3, t.schemeId(), GENESIS, new byte[0], List.of(A, B), List.of(C), List.of())));
        refused(Reason.LEADER_NOT_JOINING, () -> propose(FRESH, initial(), t -> new ProposalTerms(BEACON, 1, A, 2,
                TIMEOUT, 60, 3, t.schemeId(), GENESIS, new byte[0], List.of(B, C, D), List.of(), List.of())));
        refused(Reason.NO_NODES_REMAINING, () -> propose(done, reshare(), t -> new ProposalTerms(BEACON, 2, A, 2,
                TIMEOUT, 60, 3, t.schemeId(), GENESIS, SEED, List.of(A, D), List.of(), List.of(B, C))));
        refused(Reason.LEADER_CANNOT_JOIN, () -> propose(done, reshare(), t -> new ProposalTerms(BEACON, 2, A, 3,
                TIMEOUT, 60, 3, t.schemeId(), GENESIS, SEED, List.of(A, D), List.of(B, C), List.of())));
        refused(Reason.LEADER_NOT_REMAINING, () -> propose(done, reshare(), t -> new ProposalTerms(BEACON, 2, A, 2,
                TIMEOUT, 60, 3, t.schemeId(), GENESIS, SEED, List.of(D), List.of(B, C), List.of(A))));
        refused(Reason.NODE_COUNT_TOO_LOW, () -> propose(done, reshare(), t -> new ProposalTerms(BEACON, 2, A, 2,
                TIMEOUT, 60, 3, t.schemeId(), GENESIS, SEED, List.of(D), List.of(A), List.of(B, C))));
        refused(Reason.GENESIS_TIME_CHANGED, () -> propose(done, reshare(), t -> with(t, "genesis", GENESIS.plusNanos(1))));
        refused(Reason.GENESIS_SEED_CHANGED, () -> propose(done, reshare(), t -> t.withSeed(new byte[] {5})));
        refused(Reason.NODES_MISSING_FROM_PROPOSAL, () -> propose(done, reshare(), t -> new ProposalTerms(BEACON, 2, A,
                2, TIMEOUT, 60, 3, t.schemeId(), GENESIS, SEED, List.of(D), List.of(A, B), List.of())));
        refused(Reason.UNKNOWN_NODES_IN_PROPOSAL, () -> propose(done, reshare(), t -> new ProposalTerms(BEACON, 2, A,
                2, TIMEOUT, 60, 3, t.schemeId(), GENESIS, SEED, List.of(), List.of(A, B, D), List.of(C))));
    }

    @Test
    void aProposalListingAnAddressTwiceIsRefused() {
        Participant otherKeySameAddress = participant(B.address(), 77);
        refused(Reason.DUPLICATE_ADDRESS, () -> propose(FRESH, initial(), t -> new ProposalTerms(BEACON, 1, A, 2,
                TIMEOUT, 60, 3, t.schemeId(), GENESIS, new byte[0], List.of(A, B, otherKeySameAddress), List.of(),
                List.of())));
        Ceremony done = completedEpoch1();
        refused(Reason.DUPLICATE_ADDRESS, () -> propose(done, reshare(), t -> new ProposalTerms(BEACON, 2, A, 2,
                TIMEOUT, 60, 3, t.schemeId(), GENESIS, SEED, List.of(D), List.of(A, B, C), List.of(C))));
    }

    @Test
    void aNodeThatLeftCanRejoinALaterCeremony() {
        Ceremony left = completedEpoch1().proposed(C, A.address(), reshare(), NOW, NONE, IDENTITIES)
                .executing(C, A.address(), NOW);
        assertThat(left.state()).isEqualTo(DkgState.LEFT);
        ProposalTerms epoch3 = new ProposalTerms(BEACON, 3, A, 3, TIMEOUT, 60, 3, initial().schemeId(), GENESIS, SEED,
                List.of(C), List.of(A, B, D), List.of());
        Ceremony back = left.proposed(C, A.address(), epoch3, NOW, Optional.of(completedEpoch1()), IDENTITIES);
        assertThat(back.state()).isEqualTo(DkgState.PROPOSED);
        assertThat(back.joined(C, Optional.of(new Ceremony.PreviousGroup(GENESIS, SEED)), NOW).state())
                .isEqualTo(DkgState.JOINED);
    }

    @Test
    void aNodeThatLeftStillRefusesAnotherGenesis() {
        Ceremony left = completedEpoch1().proposed(C, A.address(), reshare(), NOW, NONE, IDENTITIES)
                .executing(C, A.address(), NOW);
        ProposalTerms otherSeed = new ProposalTerms(BEACON, 3, A, 3, TIMEOUT, 60, 3, initial().schemeId(), GENESIS,
                new byte[] {9}, List.of(C), List.of(A, B, D), List.of());
        refused(Reason.GENESIS_SEED_CHANGED, () -> left.proposed(C, A.address(), otherSeed, NOW, NONE, IDENTITIES));
    }

    @Test
    void aLeaverLeavesOnlyOnTheLeadersExecute() {
        Ceremony c = completedEpoch1().proposed(C, A.address(), reshare(), NOW, NONE, IDENTITIES);
        refused(Reason.NOT_SENT_BY_LEADER, () -> c.executing(C, B.address(), NOW));
    }

    @Test
    void theLeaderCannotExecuteAProposalARemainerRejected() {
        Ceremony a = completedEpoch1().proposing(A, reshare(), NOW, NONE, IDENTITIES).receivedRejection(B, B.address());
        refused(Reason.REJECTED_BY_REMAINERS, () -> a.executingAsLeader(NOW));
    }

    @Test
    void theLeaderCannotExecuteBeforeEveryOtherRemainerAccepted() {
        Ceremony a = completedEpoch1().proposing(A, reshare(), NOW, NONE, IDENTITIES);
        refused(Reason.MISSING_ACCEPTANCES, () -> a.executingAsLeader(NOW));
        assertThat(a.receivedAcceptance(B, B.address()).executingAsLeader(NOW).state())
                .as("the leader's own acceptance is implied").isEqualTo(DkgState.EXECUTING);
    }

    private static Participant participant(String address, int seed) {
        return CeremonyFixtures.participant(address, seed);
    }

    /** B receives {@code base} modified by {@code change}, from the leader. */
    private static Ceremony propose(Ceremony current, ProposalTerms base, UnaryOperator<ProposalTerms> change) {
        ProposalTerms t = change.apply(base);
        return current.proposed(B, t.leader().address(), t, NOW, NONE, IDENTITIES);
    }

    private static ProposalTerms with(ProposalTerms t, String field, Object v) {
        return new ProposalTerms(t.beaconId(), field.equals("epoch") ? (Long) v : t.epoch(), t.leader(),
                field.equals("threshold") ? (Integer) v : t.threshold(), t.timeout(), t.catchupPeriodSeconds(),
                t.beaconPeriodSeconds(), field.equals("scheme") ? (String) v : t.schemeId(),
                field.equals("genesis") ? (Instant) v : t.genesisTime(), t.genesisSeed(), t.joining(), t.remaining(),
                t.leaving());
    }
}
