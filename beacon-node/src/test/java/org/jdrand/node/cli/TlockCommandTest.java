package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.crypto.tbls.PriShare;
import org.jdrand.crypto.tbls.PubPoly;
import org.jdrand.crypto.tbls.ThresholdBls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jdrand tlock} through Main, on a 2-of-3 chain of our own (genesis an hour ago, 3 s rounds). */
@Timeout(60)
class TlockCommandTest {
    private static final BlsBackend BLST = BlsBackends.blst();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private HttpServer server;

    private final Scheme scheme = Scheme.BLS_UNCHAINED_G1_RFC9380;
    private final List<PriShare> shares;
    private final PubPoly pubPoly;
    private final ChainInfo info;

    TlockCommandTest() {
        SecureRandom random = new SecureRandom();
        PriPoly poly = PriPoly.random(2, random);
        shares = poly.shares(3);
        pubPoly = poly.commit(BLST, scheme.keyGroup());
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        info = new ChainInfo(pubPoly.commit().toBytes(), "tlock-cli", 3, scheme, Instant.now().getEpochSecond() - 3600, seed);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private String infoJson() {
        return "{\"public_key\":\"" + Hex.encode(info.publicKey()) + "\",\"period\":3,\"genesis_time\":" + info.genesisTime()
                + ",\"hash\":\"" + info.hashHex() + "\",\"groupHash\":\"" + Hex.encode(info.genesisSeed())
                + "\",\"schemeID\":\"" + scheme.id() + "\",\"metadata\":{\"beaconID\":\"tlock-cli\"}}";
    }

    private String beaconJson(long round) {
        ThresholdBls tbls = new ThresholdBls(BLST, scheme);
        byte[] msg = scheme.digest(null, round);
        List<byte[]> partials = new ArrayList<>();
        partials.add(tbls.signPartial(shares.get(2), msg));
        partials.add(tbls.signPartial(shares.get(0), msg));
        byte[] sig = tbls.recover(pubPoly, msg, partials, 2);
        return "{\"round\":" + round + ",\"signature\":\"" + Hex.encode(sig) + "\"}";
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String stanzaLine(Path age) throws IOException {
        String text = Files.readString(age, StandardCharsets.ISO_8859_1);
        if (text.startsWith("-----BEGIN")) {
            StringBuilder b = new StringBuilder();
            for (String l : text.split("\n")) {
                if (!l.startsWith("-----")) {
                    b.append(l);
                }
            }
            text = new String(Base64.getDecoder().decode(b.toString()), StandardCharsets.ISO_8859_1);
        }
        return text.split("\n")[1];
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).toList();
        }
    }

    @Test
    void encryptsToARoundAndDecryptsOfflineWithABeaconFile() throws Exception {
        Path infoFile = write("chain.json", infoJson());
        Path plain = write("msg.txt", "open me later\n");
        Path age = dir.resolve("msg.age");
        assertThat(run("tlock", "encrypt", "--chain-info", infoFile.toString(), "--round", "100", "--armor",
                "-o", age.toString(), plain.toString())).as(err.toString()).isZero();
        assertThat(Files.readString(age)).startsWith("-----BEGIN AGE ENCRYPTED FILE-----");
        assertThat(stanzaLine(age)).isEqualTo("-> tlock 100 " + info.hashHex());
        assertThat(err.toString()).contains("encrypted to round 100 of chain " + info.hashHex().substring(0, 8));

        Path decrypted = dir.resolve("msg.out");
        assertThat(run("tlock", "decrypt", "--chain-info", infoFile.toString(), "--beacon", write("b.json", beaconJson(100)).toString(),
                "-o", decrypted.toString(), age.toString())).as(err.toString()).isZero();
        assertThat(Files.readString(decrypted)).isEqualTo("open me later\n");
        assertThat(leftovers()).isEmpty();
    }

    /** --url against a real HTTP server (port 0) serving /info and /public/<round>; binary output. */
    @Test
    void fetchesChainInfoAndBeaconOverHttp() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            String body = path.equals("/info") ? infoJson()
                    : path.startsWith("/public/") ? beaconJson(Long.parseLong(path.substring(8))) : null;
            byte[] b = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(body == null ? 404 : 200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        Path plain = write("data.bin", "binary-ish payload");
        Path age = dir.resolve("data.age");
        assertThat(run("tlock", "encrypt", "--url", url, "--chain-hash", info.hashHex(), "--round", "7", "-o", age.toString(),
                plain.toString())).as(err.toString()).isZero();
        assertThat(Files.readString(age, StandardCharsets.ISO_8859_1)).startsWith("age-encryption.org/v1\n");
        Path decrypted = dir.resolve("data.out");
        assertThat(run("tlock", "decrypt", "--url", url, "-o", decrypted.toString(), age.toString())).as(err.toString()).isZero();
        assertThat(Files.readString(decrypted)).isEqualTo("binary-ish payload");

        // another chain's hash: the first byte changed (a random chain's hash may itself start with 00)
        String wrongPrefix = info.hashHex().startsWith("00") ? "ff" : "00";
        assertThat(run("tlock", "encrypt", "--url", url, "--chain-hash", wrongPrefix + info.hashHex().substring(2), "--round", "7",
                plain.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("tlock encrypt: chain info: hash " + info.hashHex().substring(0, 8)
                + "… (expected --chain-hash " + wrongPrefix);
    }

    /**
     * evmnet (bls-bn254-unchained-on-g1) offline: the real chain info (drand/tlock
     * networks/fixed/fixed_test.go, case "evmnet") and its real round 6390578 (drand/drand-client
     * test/beacon-verification.test.ts); a forged beacon fails and leaves no output.
     */
    @Test
    void evmnetChainInfoAndBeaconFileOffline() throws Exception {
        Path infoFile = write("evmnet.json", "{\"public_key\":\"07e1d1d335df83fa98462005690372c643340060d205306a9aa8106b6bd0b382"
                + "0557ec32c2ad488e4d4f6008f89a346f18492092ccc0d594610de2732c8b808f0095685ae3a85ba243747b1b2f426049010f6b73a0cf1d38"
                + "9351d5aaaa1047f6297d3a4f9749b33eb2d904c9d9ebf17224150ddd7abd7567a9bec6c74480ee0b\",\"period\":3,"
                + "\"genesis_time\":1727521075,\"genesis_seed\":\"cd7ad2f0e0cce5d8c288f2dd016ffe7bc8dc88dbb229b3da2b6ad736490dfed6\","
                + "\"chain_hash\":\"04f1e9062b8a81f848fded9c12306733282b2727ecced50032187751166ec8c3\","
                + "\"scheme\":\"bls-bn254-unchained-on-g1\",\"beacon_id\":\"evmnet\"}");
        String sig = "0d0d705983f50d6a2846e77d8d12a238f0be277a2307eb3e0d5206dc6765b0f91f04e596e3b28295086e8fda9047d40d37f7c2d8fb2f6686839101692e4f5f13";
        Path beacon = write("b6390578.json", "{\"round\":6390578,\"signature\":\"" + sig + "\"}");
        Path age = dir.resolve("evm.age");
        assertThat(run("tlock", "encrypt", "--chain-info", infoFile.toString(), "--round", "6390578", "--armor",
                "-o", age.toString(), write("evm.txt", "for evmnet\n").toString())).as(err.toString()).isZero();
        assertThat(stanzaLine(age)).isEqualTo("-> tlock 6390578 04f1e9062b8a81f848fded9c12306733282b2727ecced50032187751166ec8c3");
        Path decrypted = dir.resolve("evm.out");
        assertThat(run("tlock", "decrypt", "--chain-info", infoFile.toString(), "--beacon", beacon.toString(),
                "-o", decrypted.toString(), age.toString())).as(err.toString()).isZero();
        assertThat(Files.readString(decrypted)).isEqualTo("for evmnet\n");

        // round 6390579's file with round 6390578's signature relabelled: the beacon does not verify
        Path next = dir.resolve("next.age");
        assertThat(run("tlock", "encrypt", "--chain-info", infoFile.toString(), "--round", "6390579", "-o", next.toString(),
                write("n.txt", "x").toString())).as(err.toString()).isZero();
        Path forged = write("b6390579.json", "{\"round\":6390579,\"signature\":\"" + sig + "\"}");
        Path none = dir.resolve("none.out");
        assertThat(run("tlock", "decrypt", "--chain-info", infoFile.toString(), "--beacon", forged.toString(),
                "-o", none.toString(), next.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("tlock decrypt: tlock: wrong beacon for chain 04f1e906…");
        assertThat(none).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void atAndInPickTheFirstRoundDueAtOrAfterTheTime() throws Exception {
        Path infoFile = write("chain.json", infoJson());
        Path plain = write("m.txt", "x");
        Path age = dir.resolve("m.age");
        Instant at = Instant.ofEpochSecond(info.genesisTime() + 3 * 1000 + 1);
        assertThat(run("tlock", "encrypt", "--chain-info", infoFile.toString(), "--at", at.toString(), "-o", age.toString(),
                plain.toString())).as(err.toString()).isZero();
        assertThat(stanzaLine(age)).startsWith("-> tlock 1002 ");

        long before = Instant.now().getEpochSecond();
        assertThat(run("tlock", "encrypt", "--chain-info", infoFile.toString(), "--in", "90d", "-o", age.toString(),
                plain.toString())).as(err.toString()).isZero();
        long after = Instant.now().getEpochSecond();
        long round = Long.parseLong(stanzaLine(age).split(" ")[2]);
        long due = info.timeOfRound(round);
        assertThat(due).isBetween(before + 90L * 86400, after + 90L * 86400 + 3);
    }

    @Test
    void aRoundNotYetDueFailsSayingWhenItOpensAndWritesNothing() throws Exception {
        Path infoFile = write("chain.json", infoJson());
        Path age = dir.resolve("later.age");
        assertThat(run("tlock", "encrypt", "--chain-info", infoFile.toString(), "--in", "2h", "--armor", "-o", age.toString(),
                write("later.txt", "not yet").toString())).as(err.toString()).isZero();
        long round = Long.parseLong(stanzaLine(age).split(" ")[2]);
        Path decrypted = dir.resolve("later.out");
        assertThat(run("tlock", "decrypt", "--chain-info", infoFile.toString(), "--beacon", write("b.json", beaconJson(round)).toString(),
                "-o", decrypted.toString(), age.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("tlock decrypt: tlock: too early: round " + round + " opens at "
                + Instant.ofEpochSecond(info.timeOfRound(round)) + " (in ").containsPattern("\\(in (1h 59m|2h 0m)\\)");
        assertThat(decrypted).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void badInputLeavesNoPlaintextBehind() throws Exception {
        Path infoFile = write("chain.json", infoJson());
        byte[] big = new byte[300_000];
        new SecureRandom().nextBytes(big);
        Path plain = dir.resolve("big.bin");
        Files.write(plain, big);
        Path age = dir.resolve("big.age");
        assertThat(run("tlock", "encrypt", "--chain-info", infoFile.toString(), "--round", "5", "-o", age.toString(),
                plain.toString())).as(err.toString()).isZero();
        byte[] ct = Files.readAllBytes(age);
        Path beacon = write("b5.json", beaconJson(5));

        // tampered last chunk: the first four chunks authenticate, but nothing may reach the output
        byte[] tampered = ct.clone();
        tampered[ct.length - 3] ^= 1;
        Path bad = dir.resolve("bad.age");
        Files.write(bad, tampered);
        Path target = dir.resolve("big.out");
        assertThat(run("tlock", "decrypt", "--chain-info", infoFile.toString(), "--beacon", beacon.toString(), "-o",
                target.toString(), bad.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("tlock decrypt: age: payload: a chunk does not authenticate");
        assertThat(target).doesNotExist();

        // truncated
        Files.write(bad, java.util.Arrays.copyOf(ct, ct.length - 100));
        assertThat(run("tlock", "decrypt", "--chain-info", infoFile.toString(), "--beacon", beacon.toString(), "-o",
                target.toString(), bad.toString())).isEqualTo(1);
        assertThat(target).doesNotExist();

        // wrong beacon
        assertThat(run("tlock", "decrypt", "--chain-info", infoFile.toString(), "--beacon", write("b6.json", beaconJson(6)).toString(),
                "-o", target.toString(), age.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("tlock decrypt: tlock: beacon of round 5: beacon: round 6 given (expected round 5)");
        assertThat(target).doesNotExist();
        assertThat(leftovers()).isEmpty();

        // an existing output file survives a failed decryption untouched
        Files.writeString(target, "keep me");
        assertThat(run("tlock", "decrypt", "--chain-info", infoFile.toString(), "--beacon", beacon.toString(), "-o",
                target.toString(), bad.toString())).isEqualTo(1);
        assertThat(Files.readString(target)).isEqualTo("keep me");
    }

    @Test
    void chainedChainsAndMissingOptionsAreRefused() throws Exception {
        // the League of Entropy's default (chained) mainnet chain
        String chained = "{\"public_key\":\"868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31\","
                + "\"period\":30,\"genesis_time\":1595431050,\"hash\":\"8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce\","
                + "\"groupHash\":\"176f93498eac9ca337150b46d21dd58673ea4e3581185f869672e59fa4cb390a\",\"schemeID\":\"pedersen-bls-chained\","
                + "\"metadata\":{\"beaconID\":\"default\"}}";
        assertThat(run("tlock", "encrypt", "--chain-info", write("c.json", chained).toString(), "--round", "5",
                write("p.txt", "p").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("tlock encrypt: tlock: scheme pedersen-bls-chained is chained and cannot be timelocked");
        assertThat(run("tlock", "encrypt", "--round", "5", dir.resolve("p.txt").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("give --chain-info FILE or --url URL");
        assertThat(run("tlock", "encrypt", "--chain-info", "x.json", dir.resolve("p.txt").toString())).isEqualTo(2);
        assertThat(run("tlock", "encrypt", "--chain-info", "x.json", "--round", "3", "--in", "1h")).isEqualTo(2);
        assertThat(TlockCommand.parseIn("1d12h")).isEqualTo(java.time.Duration.ofHours(36));
    }

    @Test
    void anUnreachableUrlSaysWhichRequestFailed() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String url = "http://127.0.0.1:" + port;
        assertThat(run("tlock", "encrypt", "--url", url, "--round", "5", write("p.txt", "p").toString())).isEqualTo(1);
        // the JDK's ConnectException has no message on some JDKs (the line said "tlock encrypt: null")
        assertThat(err.toString()).startsWith("tlock encrypt: http: GET " + url + "/info: ConnectException")
                .endsWith(" (expected an answer)\n").hasLineCount(1);
    }
}
