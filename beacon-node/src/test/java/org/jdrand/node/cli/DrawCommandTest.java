package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.IntStream;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.http.ChainRegistry;
import org.jdrand.http.HttpApiService;
import org.jdrand.http.HttpConfig;
import org.jdrand.http.InMemoryBeaconSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code jdrand draw} through Main's picocli, against our HTTP API serving the real League of
 * Entropy quicknet round 1000 (chain info: drand/drand-client lib/defaults.ts; beacon:
 * thibmeu/drand-rs README.md). The winners are those of docs/DRAWS.md's vector
 * quicknet-1000-jury-2026 (client/src/test/resources/draw-vectors.json).
 */
@Timeout(60)
class DrawCommandTest {
    static final ChainInfo QUICKNET = new ChainInfo(Hex.decode("83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e"
            + "760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76"
            + "a4bc09e76eae8991ef5ece45a"), "quicknet", 3, Scheme.BLS_UNCHAINED_G1_RFC9380, 1692803367L,
            Hex.decode("f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e"));
    static final Beacon ROUND_1000 = new Beacon(1000, Hex.decode("b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f934"
            + "47cb1125e342b73a8dd2bacbe47e4b6b63ed5e39"), null);
    static final String HASH = "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971";
    static HttpApiService server;
    static String url;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        assertThat(QUICKNET.hashHex()).isEqualTo(HASH);
        long now = QUICKNET.timeOfRound(1000) + 1;
        server = new HttpApiService(HttpConfig.of("127.0.0.1", 0),
                ChainRegistry.of(new InMemoryBeaconSource(QUICKNET, List.of(ROUND_1000))),
                InstantSource.fixed(Instant.ofEpochSecond(now))).start();
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

    static Path candidates() throws Exception {
        Path f = dir.resolve("candidates.txt");
        StringBuilder sb = new StringBuilder("# the twenty candidates of the jury draw\n\n");
        IntStream.rangeClosed(1, 20).forEach(i -> sb.append(String.format("  candidate-%02d%n", i)));
        Files.writeString(f, sb);
        return f;
    }

    @Test
    void drawsTheSpecWinnersFromAPinnedUrlAndPrintsTheRecheckCommand() throws Exception {
        Path c = candidates();
        Run r = jdrand("draw", "--round", "1000", "--chain-info", url, "--chain-hash", HASH, "--label", "jury 2026",
                "--pick", "3", c.toString());
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("round 1000 of chain " + HASH + " (bls-unchained-g1-rfc9380), verified")
                .contains("randomness fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd")
                .contains("label 'jury 2026', 20 candidates")
                .containsSubsequence("winners:", "1. candidate-10", "2. candidate-15", "3. candidate-18")
                .contains("re-check: jdrand draw --round 1000 --chain-info " + url + " --chain-hash " + HASH
                        + " --label 'jury 2026' --pick 3 " + c);
        assertThat(r.err).isEmpty();
    }

    @Test
    void chainInfoFileWithUrlGivesTheSameWinners() throws Exception {
        Path info = dir.resolve("quicknet.json");
        Files.writeString(info, "{\"public_key\":\"" + Hex.encode(QUICKNET.publicKey()) + "\",\"period\":3,"
                + "\"genesis_time\":1692803367,\"hash\":\"" + HASH + "\",\"groupHash\":\""
                + Hex.encode(QUICKNET.genesisSeed()) + "\",\"schemeID\":\"bls-unchained-g1-rfc9380\","
                + "\"metadata\":{\"beaconID\":\"quicknet\"}}");
        Run r = jdrand("draw", "--round", "1000", "--chain-info", info.toString(), "--url", url, "--label", "jury 2026",
                "--pick", "3", candidates().toString());
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).containsSubsequence("1. candidate-10", "2. candidate-15", "3. candidate-18");
    }

    @Test
    void unpinnedUrlWarnsAndWrongPinFails() throws Exception {
        Path c = candidates();
        Run unpinned = jdrand("draw", "--round", "1000", "--chain-info", url, "--pick", "1", c.toString());
        assertThat(unpinned.exit).isZero();
        assertThat(unpinned.err).contains("chain not pinned");
        String other = "8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce";
        Run wrong = jdrand("draw", "--round", "1000", "--chain-info", url, "--chain-hash", other, "--pick", "1",
                c.toString());
        assertThat(wrong.exit).isEqualTo(1);
        // the server does not serve that chain
        assertThat(wrong.err).startsWith("draw: GET " + url + "/" + other + "/info: HTTP 404")
                .contains("unknown chain").contains("(expected 200)");
        Run tooMany = jdrand("draw", "--round", "1000", "--chain-info", url, "--chain-hash", HASH, "--pick", "21",
                c.toString());
        assertThat(tooMany.exit).isEqualTo(1);
        assertThat(tooMany.err).contains("--pick 21 (expected 1..20");
    }
}
