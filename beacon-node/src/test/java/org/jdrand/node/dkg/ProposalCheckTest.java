package org.jdrand.node.dkg;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.dkg.ceremony.Participant;
import org.jdrand.node.engine.FakeClock;
import org.jdrand.node.key.KeyPair;
import org.junit.jupiter.api.Test;

/** The node checks proposals with the dkg module's rules (one ceremony model). */
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

    private static DkgEntry proposal(int epoch, List<Participant> joining, List<Participant> remaining) {
        return new DkgEntry("default", DkgState.PROPOSED, epoch, 2, NOW.plusSeconds(600), NOW.plusSeconds(3600),
                epoch == 1 ? new byte[0] : new byte[32], 0, 3, 1, SCHEME.id(), A, remaining, joining, List.of(),
                List.of(), List.of(), List.of(), null, null, "");
    }

    private static DkgStateFile.Entries fresh() {
        return new DkgStateFile.Entries(DkgEntry.fresh("default"), null);
    }

    @Test
    void aValidFirstProposalPasses() {
        assertThatCode(() -> check.validate(proposal(1, List.of(A, B, C), List.of()), fresh()))
                .doesNotThrowAnyException();
    }

    @Test
    void anAddressListedTwiceIsRefused() {
        Participant otherB = new Participant(B.address(), D.key(), D.signature());
        assertThatThrownBy(() -> check.validate(proposal(1, List.of(A, B, otherB), List.of()), fresh()))
                .isInstanceOf(DkgProcess.DkgException.class).hasMessageContaining("listed twice");
    }

    @Test
    void aLeaderJoiningAReshareIsRefused() {
        DkgEntry done = proposal(1, List.of(A, B, C), List.of()).toBuilder().state(DkgState.COMPLETE)
                .finalGroup(List.of(B.address(), C.address())).build();
        DkgEntry reshare = new DkgEntry("default", DkgState.PROPOSED, 2, 2, NOW.plusSeconds(600), done.genesisTime(),
                done.genesisSeed(), 0, 3, 1, SCHEME.id(), A, List.of(B, C), List.of(A), List.of(), List.of(), List.of(),
                List.of(), null, null, "");
        assertThatThrownBy(() -> check.validate(reshare, new DkgStateFile.Entries(done, done)))
                .isInstanceOf(DkgProcess.DkgException.class).hasMessageContaining("joins after epoch 1");
    }

    @Test
    void anUnknownSchemeIsRefused() {
        DkgEntry t = proposal(1, List.of(A, B, C), List.of());
        DkgEntry other = new DkgEntry("default", DkgState.PROPOSED, 1, 2, t.timeout(), t.genesisTime(), new byte[0], 0,
                3, 1, "bls-on-nothing", A, List.of(), t.joining(), List.of(), List.of(), List.of(), List.of(), null,
                null, "");
        assertThatThrownBy(() -> check.validate(other, fresh())).isInstanceOf(DkgProcess.DkgException.class)
                .hasMessageContaining("bls-on-nothing");
    }
}
