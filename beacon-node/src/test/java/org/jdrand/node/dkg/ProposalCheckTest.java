package org.jdrand.node.dkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.dkg.ceremony.ProposalTerms;
import org.jdrand.node.engine.FakeClock;
import org.jdrand.node.key.KeyPair;
import org.junit.jupiter.api.Test;

/** The node takes proposals through the dkg module's transitions and rules (one ceremony model). */
class ProposalCheckTest {
    private static final Bls BLS = new Bls(BlsBackends.blst());
    private static final Scheme SCHEME = Scheme.PEDERSEN_BLS_CHAINED;
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Participant A = participant("a.example:4444");
    private static final Participant B = participant("b.example:4444");
    private static final Participant C = participant("c.example:4444");
    private static final Participant D = participant("d.example:4444");

    private final ProposalCheck check = new ProposalCheck(BLS, new FakeClock(NOW));

    private static Participant participant(String address) {
        KeyPair kp = KeyPair.generate(BLS, SCHEME, address, new SecureRandom());
        return new Participant(address, kp.identity().key().toBytes(), kp.identity().signature());
    }

    private static ProposalTerms proposal(int epoch, List<Participant> joining, List<Participant> remaining) {
        return new ProposalTerms("default", epoch, A, 2, NOW.plusSeconds(600), 1, 3, SCHEME.id(),
                NOW.plusSeconds(3600), epoch == 1 ? new byte[0] : new byte[32], joining, remaining, List.of());
    }

    private static DkgStateFile.Entries fresh() {
        return new DkgStateFile.Entries(DkgEntry.fresh("default"), null);
    }

    @Test
    void aValidFirstProposalIsProposed() throws Exception {
        assertThat(check.proposed(B, A.address(), proposal(1, List.of(A, B, C), List.of()), fresh()).state())
                .isEqualTo(DkgState.PROPOSED);
    }

    @Test
    void anAddressListedTwiceIsRefused() {
        Participant otherB = new Participant(B.address(), D.key(), D.signature());
        assertThatThrownBy(() -> check.proposed(B, A.address(), proposal(1, List.of(A, B, otherB), List.of()), fresh()))
                .isInstanceOf(DkgProcess.DkgException.class).hasMessageContaining("listed twice");
    }

    @Test
    void aLeaderJoiningAReshareIsRefused() {
        ProposalTerms first = proposal(1, List.of(A, B, C), List.of()).withSeed(new byte[32]);
        DkgEntry done = new DkgEntry("default", DkgState.COMPLETE, 1, 2, first.timeout(), first.genesisTime(),
                new byte[32], 0, 3, 1, SCHEME.id(), A, List.of(), first.joining(), List.of(), List.of(), List.of(),
                List.of(B.address(), C.address()), null, null, "");
        ProposalTerms reshare = proposal(2, List.of(A), List.of(B, C));
        assertThatThrownBy(() -> check.proposed(B, A.address(), reshare, new DkgStateFile.Entries(done, done)))
                .isInstanceOf(DkgProcess.DkgException.class).hasMessageContaining("joins after epoch 1");
    }

    @Test
    void anUnknownSchemeIsRefused() {
        ProposalTerms t = proposal(1, List.of(A, B, C), List.of());
        ProposalTerms other = new ProposalTerms("default", 1, A, 2, t.timeout(), 1, 3, "bls-on-nothing",
                t.genesisTime(), new byte[0], t.joining(), List.of(), List.of());
        assertThatThrownBy(() -> check.proposed(B, A.address(), other, fresh()))
                .isInstanceOf(DkgProcess.DkgException.class).hasMessageContaining("bls-on-nothing");
    }

    @Test
    void theLeadersOwnProposalGoesThroughTheSameRules() {
        ProposalTerms t = proposal(1, List.of(B, C, D), List.of());
        assertThatThrownBy(() -> check.proposing(A, t, fresh())).isInstanceOf(DkgProcess.DkgException.class)
                .hasMessageContaining("is not a joiner");
    }
}
