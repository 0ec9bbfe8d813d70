package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.crypto.tbls.PubPoly;
import org.jdrand.crypto.tbls.ThresholdBls;
import org.jdrand.http.ChainRegistry;
import org.jdrand.http.HttpApiService;
import org.jdrand.http.HttpConfig;
import org.jdrand.http.InMemoryBeaconSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code jdrand get} through Main's picocli, on the verifying client, against our HTTP API serving
 * a threshold-BLS chain: failover past a dead URL, pinning, and {@code get public --watch} following
 * rounds as they are published.
 */
@Timeout(90)
class GetCommandTest {
    static final long G = 1_700_000_000L;
    static final int PERIOD = 3;
    static ChainInfo info;
    static final List<Beacon> beacons = new ArrayList<>();
    static InMemoryBeaconSource source;
    static volatile long nowMillis;
    static final AtomicInteger answered = new AtomicInteger();
    static HttpApiService server;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        BlsBackend backend = BlsBackends.blst();
        Scheme scheme = Scheme.PEDERSEN_BLS_CHAINED;
        SecureRandom rnd = new SecureRandom();
        PriPoly poly = PriPoly.random(2, rnd);
        PubPoly pub = poly.commit(backend, scheme.keyGroup());
        ThresholdBls tbls = new ThresholdBls(backend, scheme);
        byte[] seed = new byte[32];
        rnd.nextBytes(seed);
        info = new ChainInfo(pub.commit().toBytes(), "default", PERIOD, scheme, G, seed);
        byte[] prev = seed;
        for (long r = 1; r <= 10; r++) { // 2-of-3 threshold signatures, recovered
            byte[] msg = scheme.digest(prev, r);
            byte[] sig = tbls.recover(pub, msg, List.of(tbls.signPartial(poly.share((int) (r % 3)), msg),
                    tbls.signPartial(poly.share((int) ((r + 1) % 3)), msg)), 2);
            beacons.add(new Beacon(r, sig, prev));
            prev = sig;
        }
        source = new InMemoryBeaconSource(info, beacons.subList(0, 5));
        nowMillis = info.timeOfRound(5) * 1000;
        InstantSource clock = () -> Instant.ofEpochMilli(nowMillis);
        server = new HttpApiService(HttpConfig.of("127.0.0.1", 0), ChainRegistry.of(source), clock,
                method -> status -> answered.incrementAndGet()).start();
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    record Run(int exit, String out, String err) {}

    static Run jdrand(String... args) {
        CommandLine cmd = new CommandLine(new Main());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static String deadUrl() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort(); // closed again: nothing listens there
        }
    }

    @Test
    void publicRoundFailsOverPastADeadUrlAndVerifies() throws Exception {
        Run r = jdrand("get", "public", "--url", deadUrl(), "--url", url, "--chain-hash", info.hashHex(),
                "--round", "3");
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("\"round\":3,\"randomness\":\"" + Hex.encode(beacons.get(2).randomness()))
                .contains("\"previous_signature\":\"" + Hex.encode(beacons.get(1).signature()))
                .contains("round 3 verified");
        Run v2 = jdrand("get", "public", "--v2", "--url", url, "--chain-hash", info.hashHex(), "--round", "4");
        assertThat(v2.exit).as(v2.err).isZero();
        assertThat(v2.out).contains("round 4 verified");
    }

    @Test
    void chainInfoUnpinnedStillWorksAndAWrongPinFails() {
        Run r = jdrand("get", "chain-info", "--url", url);
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("chain info verified: hash " + info.hashHex());
        String other = "8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce";
        Run wrong = jdrand("get", "public", "--url", url, "--chain-hash", other, "--round", "2");
        assertThat(wrong.exit).isEqualTo(1);
        assertThat(wrong.err).startsWith("get public: GET " + url + "/" + other + "/info: HTTP 404");
        Run key = jdrand("get", "chain-info", "--url", url, "--chain-hash", info.hashHex(), "--public-key",
                Hex.encode(beacons.get(0).signature()).substring(0, 96));
        assertThat(key.exit).isEqualTo(1);
        assertThat(key.err).contains("public key").contains("(expected pinned");
    }

    @Test
    void badPinsNameTheOptionBeforeAnyRequest() throws Exception {
        Run hash = jdrand("get", "public", "--url", url, "--chain-hash", "zz");
        assertThat(hash).isEqualTo(new Run(1, "", "get public: --chain-hash: hex: not a hex string: zz\n"));
        Run key = jdrand("get", "public", "--url", url, "--chain-hash", info.hashHex(), "--public-key", "abc");
        assertThat(key).isEqualTo(new Run(1, "", "get public: --public-key: hex: odd length 3\n"));
        String missing = deadUrl().replace("http://127.0.0.1:", "/nonexistent/info-") + ".json";
        Run file = jdrand("get", "chain-info", "--url", url, "--chain-info", missing);
        assertThat(file).isEqualTo(new Run(1, "", "get chain-info: --chain-info " + missing + ": no such file\n"));
    }

    @Test
    void publicWatchPrintsEachNewRoundInOrder() throws Exception {
        int before = answered.get();
        CompletableFuture<Run> watching = CompletableFuture.supplyAsync(() -> jdrand("get", "public", "--url", url,
                "--chain-hash", info.hashHex(), "--watch", "--count", "3"));
        // the watch starts after the latest round (5): publish 6, 7, 8 once it has been answered
        // the info and the latest round (its request for round 6 is then held until 6 exists)
        await().atMost(Duration.ofSeconds(30)).until(() -> answered.get() >= before + 2);
        for (int r = 6; r <= 8; r++) {
            nowMillis = info.timeOfRound(r) * 1000L;
            source.append(beacons.get(r - 1));
        }
        Run r = watching.get(60, TimeUnit.SECONDS);
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).containsSubsequence("round 6 verified", "round 7 verified", "round 8 verified");
        assertThat(r.out).doesNotContain("round 5 verified", "round 9");
    }
}
