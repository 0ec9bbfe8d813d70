package org.jdrand.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jdrand.node.LoopbackAssertions.assertNothingListensOn;

import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ChainInfo;
import org.junit.jupiter.api.Test;

/** The warm-up's held requests are answered by a real loopback HTTP server, which is closed afterwards. */
class HeldRequestWarmupTest {
    /** drand's mainnet (chained, signatures on G2) and quicknet (unchained, on G1): public chain infos. */
    private static final ChainInfo MAINNET = new ChainInfo(Hex.decode("868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc"
            + "5cce96366b5d7a569937c529eeda66c7293784a9402801af31"), "default", 30, Scheme.PEDERSEN_BLS_CHAINED,
            1595431050L, Hex.decode("176f93498eac9ca337150b46d21dd58673ea4e3581185f869672e59fa4cb390a"));
    private static final ChainInfo QUICKNET = new ChainInfo(Hex.decode("83cf0f2896adee7eb8b5f01fcad3912212c437e0073e9"
            + "11fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73b"
            + "ab4af5a6e9c76a4bc09e76eae8991ef5ece45a"), "quicknet", 3, Scheme.BLS_UNCHAINED_G1_RFC9380, 1692803367L,
            Hex.decode("f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e"));

    @Test
    void everyHeldRequestIsAnsweredAndTheServerIsClosedAfterwards() throws Exception {
        for (ChainInfo info : new ChainInfo[] {MAINNET, QUICKNET}) {
            HeldRequestWarmup.Result r = HeldRequestWarmup.run(info, 300, 60_000);
            assertThat(r.requests()).as(info.beaconId()).isEqualTo(300);
            assertThat(r.answered()).as(info.beaconId() + ": answered 200 by the loopback server").isEqualTo(300);
            assertThat(r.nanos()).isPositive();
            assertNothingListensOn(r.port(), "the throwaway server");
        }
    }

    @Test
    void theTimeoutBoundsTheRun() throws Exception {
        HeldRequestWarmup.Result r = HeldRequestWarmup.run(MAINNET, 1_000_000, 0);
        assertThat(r.requests()).as("nothing sent once the time is up").isZero();
        assertThat(r.answered()).isZero();
    }
}
