package org.jdrand.node.dkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.dkg.ceremony.GossipPayload;
import org.jdrand.dkg.ceremony.GossipSigning;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.dkg.ceremony.ProposalTerms;
import org.jdrand.node.engine.FakeClock;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyPair;
import org.jdrand.node.key.KeyShare;
import org.jdrand.node.key.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node moves its ceremonies only through the dkg module's transitions: one node's
 * {@link DkgProcess} fed signed gossip and operator commands, on a fake transport and a fake
 * clock. Epoch 1 (A leads; A, B, C) is complete; epoch 2 is A's reshare where A and B remain and
 * C leaves.
 */
@Timeout(60)
class CeremonyTransitionsTest {
    private static final Bls BLS = new Bls(BlsBackends.blst());
    private static final Scheme SCHEME = Scheme.BLS_UNCHAINED_G1_RFC9380;
    private static final String ID = "default";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant GENESIS = T0.minusSeconds(3600);
    private static final byte[] SEED = new byte[32];
    private static final KeyPair KA = KeyPair.generate(BLS, SCHEME, "a.example:4444", new SecureRandom());
    private static final KeyPair KB = KeyPair.generate(BLS, SCHEME, "b.example:4444", new SecureRandom());
    private static final KeyPair KC = KeyPair.generate(BLS, SCHEME, "c.example:4444", new SecureRandom());
    private static final Participant A = NodeKeys.me(KA);
    private static final Participant B = NodeKeys.me(KB);
    private static final Participant C = NodeKeys.me(KC);

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock(T0);
    private final SilentDkgNetwork network = new SilentDkgNetwork();
    private final List<String> handoffs = new CopyOnWriteArrayList<>();

    private static final DkgEntry EPOCH1 = new DkgEntry(ID, DkgState.COMPLETE, 1, 2, T0.minusSeconds(7200), GENESIS,
            SEED, GENESIS.getEpochSecond(), 3, 1, SCHEME.id(), A, List.of(), List.of(A, B, C), List.of(), List.of(),
            List.of(), List.of(A.address(), B.address(), C.address()), null, null, "");

    private static ProposalTerms reshare() {
        return new ProposalTerms(ID, 2, A, 2, T0.plusSeconds(600), 1, 3, SCHEME.id(), GENESIS, SEED, List.of(),
                List.of(A, B), List.of(C));
    }

    /** This node is {@code me}, with epoch 1 complete (current {@code current}). */
    private DkgProcess node(KeyPair me, DkgEntry current) throws Exception {
        new KeyStore(dir, ID, BLS).saveKeyPair(me);
        new DkgStateFile(dir).save(Map.of(ID, new DkgStateFile.Entries(current, EPOCH1)));
        BeaconHandoff handoff = new BeaconHandoff() {
            @Override
            public void completed(String beaconId, Group group, KeyShare share, int epoch) {
                handoffs.add("completed " + epoch);
            }

            @Override
            public void left(String beaconId, long transitionTime) {
                handoffs.add("left " + transitionTime);
            }
        };
        return new DkgProcess(dir, BLS, clock, network, handoff, DkgProcess.Timeouts.DRAND, new SecureRandom()).start();
    }

    /** {@code from} signs {@code part} over {@code terms}, as its OperatorCommands would. */
    private static GossipMessage signed(KeyPair from, GossipPayload part, ProposalTerms terms) {
        byte[] sig = BLS.sign(from.scheme(), from.secret(), GossipSigning.message(ID, part, terms));
        return new GossipMessage(ID, from.identity().address(), sig, part, "");
    }

    private static GossipMessage proposal(ProposalTerms terms) {
        return signed(KA, new GossipPayload.Proposal(terms), terms);
    }

    private DkgEntry current(DkgProcess p) throws Exception {
        return p.status(ID).current();
    }

    @Test
    void aRemainerTakesTheLeadersProposalAndAccepts() throws Exception {
        try (DkgProcess b = node(KB, EPOCH1)) {
            b.packet(proposal(reshare()));
            assertThat(current(b).state()).isEqualTo(DkgState.PROPOSED);
            b.command(new DkgCommand.Accept(ID));
            assertThat(current(b).state()).isEqualTo(DkgState.ACCEPTED);
            assertThat(current(b).acceptors()).containsExactly(B);
            assertThat(network.sent).contains("a.example:4444 Accept", "c.example:4444 Accept");
        }
    }

    @Test
    void anAcceptAfterTheProposalTimeoutIsRefusedWithTheModelsError() throws Exception {
        try (DkgProcess b = node(KB, EPOCH1)) {
            b.packet(proposal(reshare()));
            clock.advance(Duration.ofSeconds(600));
            assertThat(current(b).state()).isEqualTo(DkgState.TIMED_OUT);
            assertThatThrownBy(() -> b.command(new DkgCommand.Accept(ID)))
                    .isInstanceOf(DkgProcess.DkgException.class)
                    .hasMessageContaining("dkg accept: dkg state: TIMED_OUT -> ACCEPTED not allowed");
            assertThat(current(b).state()).isEqualTo(DkgState.TIMED_OUT);
        }
    }

    @Test
    void aLeaverCannotAccept() throws Exception {
        try (DkgProcess c = node(KC, EPOCH1)) {
            c.packet(proposal(reshare()));
            assertThatThrownBy(() -> c.command(new DkgCommand.Accept(ID)))
                    .hasMessageContaining("is leaving");
            assertThat(current(c).state()).isEqualTo(DkgState.PROPOSED);
        }
    }

    @Test
    void aProposalNotSentByItsLeaderIsRefused() throws Exception {
        ProposalTerms terms = reshare();
        try (DkgProcess c = node(KC, EPOCH1)) {
            assertThatThrownBy(() -> c.packet(signed(KB, new GossipPayload.Proposal(terms), terms)))
                    .hasMessageContaining("sent by b.example:4444 (expected the leader a.example:4444)");
            assertThat(current(c).state()).isEqualTo(DkgState.COMPLETE);
        }
    }

    @Test
    void aLeaverLeavesWhenTheLeaderExecutes() throws Exception {
        try (DkgProcess c = node(KC, EPOCH1)) {
            c.packet(proposal(reshare()));
            Instant kickoff = T0.plusSeconds(5);
            c.packet(signed(KA, new GossipPayload.Execute(kickoff), reshare()));
            DkgEntry left = current(c);
            assertThat(left.state()).isEqualTo(DkgState.LEFT);
            assertThat(left.kickoff()).isEqualTo(kickoff);
            assertThat(handoffs).containsExactly("left " + left.transitionTime());
        }
    }

    @Test
    void anExecuteFromAnotherThanTheLeaderIsRefused() throws Exception {
        try (DkgProcess c = node(KC, EPOCH1)) {
            c.packet(proposal(reshare()));
            assertThatThrownBy(() -> c.packet(signed(KB, new GossipPayload.Execute(T0.plusSeconds(5)), reshare())))
                    .hasMessageContaining("expected the leader");
            assertThat(current(c).state()).isEqualTo(DkgState.PROPOSED);
            assertThat(handoffs).isEmpty();
        }
    }

    @Test
    void theLeaderCannotExecuteBeforeEveryRemainerAccepted() throws Exception {
        try (DkgProcess a = node(KA, EPOCH1)) {
            a.command(new DkgCommand.Resharing(ID, 2, T0.plusSeconds(600), 1, List.of(), List.of(A, B),
                    List.of(C)));
            assertThat(current(a).state()).isEqualTo(DkgState.PROPOSING);
            assertThat(network.sent).containsExactlyInAnyOrder("b.example:4444 Proposal", "c.example:4444 Proposal");
            assertThatThrownBy(() -> a.command(new DkgCommand.Execute(ID)))
                    .hasMessageContaining("remainers [b.example:4444] have not accepted");
            a.packet(signed(KB, new GossipPayload.Accept(B), current(a).terms()));
            assertThat(current(a).acceptors()).containsExactly(B);
            assertThat(current(a).state()).isEqualTo(DkgState.PROPOSING);
        }
    }

    @Test
    void theLeaderCannotExecuteAProposalARemainerRejected() throws Exception {
        try (DkgProcess a = node(KA, EPOCH1)) {
            a.command(new DkgCommand.Resharing(ID, 2, T0.plusSeconds(600), 1, List.of(), List.of(A, B),
                    List.of(C)));
            a.packet(signed(KB, new GossipPayload.Reject(B), current(a).terms()));
            assertThatThrownBy(() -> a.command(new DkgCommand.Execute(ID)))
                    .hasMessageContaining("rejected by [b.example:4444]");
        }
    }

    @Test
    void anAbortFromTheLeaderEndsTheCeremonyWithItsReason() throws Exception {
        try (DkgProcess b = node(KB, EPOCH1)) {
            b.packet(proposal(reshare()));
            b.packet(signed(KA, new GossipPayload.Abort("wrong threshold"), reshare()));
            assertThat(current(b).state()).isEqualTo(DkgState.ABORTED);
            assertThat(current(b).error()).isEqualTo("aborted by the leader: wrong threshold");
        }
    }

    @Test
    void aNodeThatLeftCanRejoinALaterCeremony() throws Exception {
        // C left at epoch 2 (its Left entry keeps no final group), then A proposes epoch 3 with C joining
        DkgEntry left = new DkgEntry(ID, DkgState.LEFT, 2, 2, T0.minusSeconds(60), GENESIS, SEED, 0, 3, 1,
                SCHEME.id(), A, List.of(A, B), List.of(), List.of(C), List.of(), List.of(), List.of(),
                T0.minusSeconds(120), null, "");
        ProposalTerms epoch3 = new ProposalTerms(ID, 3, A, 2, T0.plusSeconds(600), 1, 3, SCHEME.id(), GENESIS, SEED,
                List.of(C), List.of(A, B), List.of());
        try (DkgProcess c = node(KC, left)) {
            c.packet(proposal(epoch3));
            assertThat(current(c).state()).isEqualTo(DkgState.PROPOSED);
            assertThat(current(c).epoch()).isEqualTo(3);
            assertThatThrownBy(() -> c.command(new DkgCommand.Join(ID, "")))
                    .as("a reshare joiner still needs the current group file")
                    .hasMessageContaining("epoch 3 needs the previous group file");
        }
    }
}
