package org.jdrand.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.chain.ThresholdChain;
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
        jsDir = installDrandClient();
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
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("scheme=pedersen-bls-chained", "round 6 ok", "latest ok: round 6");
    }

    @Test
    void everySchemeVerifiesUnderItsChainHash() throws Exception {
        for (ThresholdChain c : List.of(chained, unchained, quicknet)) {
            Result r = runClient(base + "/" + c.info().hashHex(), c.info());
            assertThat(r.exit).as(r.output).isZero();
            assertThat(r.output).contains("scheme=" + c.info().scheme().id(), "round 1 ok", "round " + ROUNDS + " ok");
        }
    }

    @Test
    void tamperedBeaconIsRejectedByTheClient() throws Exception {
        for (ThresholdChain c : List.of(chained, quicknet)) {
            try (HttpApiService bad = new HttpApiService(HttpConfig.of("127.0.0.1", 0),
                    ChainRegistry.of(new InMemoryBeaconSource(c.info(), c.tampered(3))), MutableClock.atSeconds(c.latestTime() + 1)).start()) {
                Result r = runClient("http://127.0.0.1:" + bad.port(), c.info());
                assertThat(r.exit).as(r.output).isEqualTo(1);
                assertThat(r.output).contains("round 2 ok", "The beacon retrieved was not valid!");
            }
        }
    }

    @Test
    void wrongPinnedPublicKeyIsRejectedByTheClient() throws Exception {
        ChainInfo other = unchained.info();
        Result r = runClient(base + "/" + other.hashHex(), other, Hex.encode(quicknet.info().publicKey()));
        assertThat(r.exit).as(r.output).isEqualTo(1);
        assertThat(r.output).contains("did not match the verification params");
    }

    record Result(int exit, String output) {}

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

    /**
     * Copies the JS folder to target/js-interop and runs {@code npm ci} there, unless the same
     * lock file was installed already (so repeated builds reuse node_modules).
     */
    static Path installDrandClient() throws Exception {
        Path module = moduleDir();
        Path src = module.resolve("src/test/js");
        Path dir = module.resolve("target/js-interop");
        Files.createDirectories(dir);
        for (String f : List.of("package.json", "package-lock.json", "interop.mjs")) {
            Files.copy(src.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        String lockHash = Hex.encode(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(src.resolve("package-lock.json"))));
        Path stamp = dir.resolve("node_modules/.jdrand-lock-sha256");
        if (Files.exists(stamp) && Files.readString(stamp).equals(lockHash)) {
            return dir;
        }
        Result r = run(List.of("npm", "ci", "--no-audit", "--no-fund"), dir, 240);
        assertThat(r.exit).as("npm ci: " + r.output).isZero();
        Files.writeString(stamp, lockHash);
        return dir;
    }

    static Path moduleDir() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        return Files.isDirectory(p.resolve("src/test/js")) ? p : p.resolve("http-api");
    }

    static Result run(List<String> cmd, Path dir, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "run", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, "timed out after " + timeoutSeconds + " s: " + cmd + "\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
