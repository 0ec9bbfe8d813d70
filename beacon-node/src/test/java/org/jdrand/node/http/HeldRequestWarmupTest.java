package org.jdrand.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jdrand.node.LoopbackAssertions.assertNothingListensOn;

import java.util.List;
import org.jdrand.crypto.KnownAnswers;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ChainInfo;
import org.junit.jupiter.api.Test;

/** The warm-up's held requests are answered by a real loopback HTTP server, which is closed afterwards. */
class HeldRequestWarmupTest {
    @Test
    void everyHeldRequestIsAnsweredAndTheServerIsClosedAfterwards() throws Exception {
        // every BLS12-381 scheme, over the public chain infos of the known-answer file (mainnet, quicknet...)
        List<KnownAnswers.Chain> chains = KnownAnswers.bls12381Chains();
        assertThat(chains).extracting(KnownAnswers.Chain::scheme)
                .contains(Scheme.PEDERSEN_BLS_CHAINED, Scheme.BLS_UNCHAINED_G1_RFC9380);
        for (KnownAnswers.Chain chain : chains) {
            ChainInfo info = chain.info();
            HeldRequestWarmup.Result r = HeldRequestWarmup.run(info, 300, () -> true, 60_000);
            assertThat(r.requests()).as(chain.name()).isEqualTo(300);
            assertThat(r.answered()).as(chain.name() + ": answered 200 by the loopback server").isEqualTo(300);
            assertThat(r.nanos()).isPositive();
            assertNothingListensOn(r.port(), "the throwaway server");
        }
    }

    @Test
    void theTimeoutBoundsTheRun() throws Exception {
        HeldRequestWarmup.Result r = HeldRequestWarmup.run(KnownAnswers.bls12381Chains().get(0).info(), 1_000_000, () -> true, 0);
        assertThat(r.requests()).as("nothing sent once the time is up").isZero();
        assertThat(r.answered()).isZero();
    }

    @Test
    void thePacingDecidesHowManyAreMade() throws Exception {
        int[] allowed = {120};
        HeldRequestWarmup.Result r = HeldRequestWarmup.run(KnownAnswers.bls12381Chains().get(0).info(), 300,
                () -> allowed[0]-- > 0, 60_000);
        assertThat(r.requests()).as("the first false ends the warm-up").isEqualTo(120);
        assertThat(r.answered()).isEqualTo(120);
        assertNothingListensOn(r.port(), "the throwaway server");
    }
}
