package org.jdrand.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jdrand.crypto.testing.NodeJs.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.chain.ThresholdChain;
import org.jdrand.crypto.testing.MutableClock;
import org.jdrand.crypto.testing.NodeJs.Result;
import org.jdrand.crypto.testing.NodeJs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official JavaScript client (npm drand-client, pinned in src/test/js/package-lock.json)
 * fetches /info and beacons from our server and verifies them, for the chained, unchained and
 * G1 RFC 9380 schemes; and rejects a tampered chain, so the check can fail.
 */
@Timeout(300)
class DrandClientInteropTest {
    static final long G = 1_700_000_000L;
    static final int ROUNDS = 6;
    static Path jsDir;
    static ThresholdChain chained;
    static ThresholdChain unchained;
    static ThresholdChain quicknet;
    static HttpApiService server;
    static String base;

    @BeforeAll
    static void setUp() throws Exception {
        jsDir = NodeJs.install("http-api", "js-interop", "interop.mjs");
        chained = ThresholdChain.create(Scheme.PEDERSEN_BLS_CHAINED, "default", 30, G, ROUNDS);
        unchained = ThresholdChain.create(Scheme.PEDERSEN_BLS_UNCHAINED, "unchained", 30, G, ROUNDS);
        quicknet = ThresholdChain.create(Scheme.BLS_UNCHAINED_G1_RFC9380, "quicknet", 30, G, ROUNDS);
        for (ThresholdChain c : List.of(chained, unchained, quicknet)) { // our own verifier agrees
            assertThat(BeaconVerifier.forChain(BlsBackends.blst(), c.info()).isValidBatch(c.beacons())).isTrue();
        }
        server = new HttpApiService(HttpConfig.of("127.0.0.1", 0), ChainRegistry.of(new InMemoryBeaconSource(chained.info(), chained.beacons()),
                new InMemoryBeaconSource(unchained.info(), unchained.beacons()), new InMemoryBeaconSource(quicknet.info(), quicknet.beacons())), MutableClock.atSeconds(chained.latestTime() + 1)).start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void chainedDefaultChainVerifiesOnUnprefixedRoutes() throws Exception {
        Result r = runClient(base, chained.info());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("scheme=pedersen-bls-chained", "round 6 ok", "latest ok: round 6");
    }

    @Test
    void everySchemeVerifiesUnderItsChainHash() throws Exception {
        for (ThresholdChain c : List.of(chained, unchained, quicknet)) {
            Result r = runClient(base + "/" + c.info().hashHex(), c.info());
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output()).contains("scheme=" + c.info().scheme().id(), "round 1 ok", "round " + ROUNDS + " ok");
        }
    }

    @Test
    void tamperedBeaconIsRejectedByTheClient() throws Exception {
        for (ThresholdChain c : List.of(chained, quicknet)) {
            try (HttpApiService bad = new HttpApiService(HttpConfig.of("127.0.0.1", 0),
                    ChainRegistry.of(new InMemoryBeaconSource(c.info(), c.tampered(3))), MutableClock.atSeconds(c.latestTime() + 1)).start()) {
                Result r = runClient("http://127.0.0.1:" + bad.port(), c.info());
                assertThat(r.exit()).as(r.output()).isEqualTo(1);
                assertThat(r.output()).contains("round 2 ok", "The beacon retrieved was not valid!");
            }
        }
    }

    @Test
    void wrongPinnedPublicKeyIsRejectedByTheClient() throws Exception {
        ChainInfo other = unchained.info();
        Result r = runClient(base + "/" + other.hashHex(), other, Hex.encode(quicknet.info().publicKey()));
        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("did not match the verification params");
    }


    static Result runClient(String url, ChainInfo info) throws Exception {
        return runClient(url, info, Hex.encode(info.publicKey()));
    }

    static Result runClient(String url, ChainInfo info, String publicKey) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("node", "interop.mjs", url, info.hashHex(), publicKey));
        for (int r = 1; r <= ROUNDS; r++) {
            cmd.add(String.valueOf(r));
        }
        return run(cmd, jsDir, 60);
    }

}
