package org.jdrand.tlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jdrand.crypto.testing.NodeJs.run;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ThresholdChain;
import org.jdrand.crypto.testing.NodeJs;
import org.jdrand.crypto.testing.NodeJs.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both ways with the official tlock-js 0.9.0 (npm, pinned in src/test/js/package-lock.json, run
 * under Node): what jdrand encrypts tlock-js decrypts and the reverse, on chains made here by
 * threshold signing (quicknet-style G1 signatures, unchained G2 signatures, the legacy-DST G1
 * scheme) and on the real quicknet chain with its round 12040883. drand-client (under tlock-js)
 * verifies each beacon against the chain's key first, so a wrong beacon fails there too.
 */
@Timeout(300)
class TlockJsInteropTest {
    private static final BlsBackend BLST = BlsBackends.blst();
    private static final long GENESIS = 1_700_000_000L;
    static Path jsDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void installTlockJs() throws Exception {
        jsDir = NodeJs.install("tlock", "js-interop", "tlock-interop.mjs");
    }

    static List<Scheme> schemes() {
        return List.of(Scheme.BLS_UNCHAINED_G1_RFC9380, Scheme.PEDERSEN_BLS_UNCHAINED, Scheme.BLS_UNCHAINED_ON_G1);
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void tlockJsDecryptsWhatJdrandEncrypted(Scheme scheme) throws Exception {
        ThresholdChain c = ChainFixtures.chain(scheme, GENESIS, 3);
        for (int size : new int[] {1, 1000, 65536 + 100}) {
            byte[] plain = random(size);
            Path age = dir.resolve("j-" + size + ".age");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new Tlock(BLST, ChainFixtures.tlock(c)).encrypt(new ByteArrayInputStream(plain), out, 77, true);
            Files.write(age, out.toByteArray());
            Path result = dir.resolve("j-" + size + ".out");
            Result r = js("decrypt", write("info.json", ChainFixtures.infoJson(c.info())), write("b.json", ChainFixtures.beaconJson(c.sign(77))),
                    age.toString(), result.toString());
            assertThat(r.exit()).as(scheme + " size " + size + ": " + r.output()).isZero();
            assertThat(Files.readAllBytes(result)).isEqualTo(plain);
        }
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void jdrandDecryptsWhatTlockJsEncrypted(Scheme scheme) throws Exception {
        ThresholdChain c = ChainFixtures.chain(scheme, GENESIS, 3);
        byte[] plain = random(70_000);
        Path in = dir.resolve("p.bin");
        Files.write(in, plain);
        Path age = dir.resolve("js.age");
        Result r = js("encrypt", write("info.json", ChainFixtures.infoJson(c.info())), "31", in.toString(), age.toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(Files.readString(age)).startsWith("-----BEGIN AGE ENCRYPTED FILE-----");
        for (BlsBackend backend : List.of(BLST, BlsBackends.bouncyCastle())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new Tlock(backend, ChainFixtures.tlock(c)).decrypt(Files.newInputStream(age), out, new OfflineBeacons(c.sign(31)));
            assertThat(out.toByteArray()).as(scheme + " on " + backend.name()).isEqualTo(plain);
        }
    }

    /** The real quicknet chain: its round 12040883 beacon (from drand/tlock's TestDecryptText) opens files of both. */
    @Test
    void realQuicknetBothWays() throws Exception {
        String info = "{\"public_key\":\"83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a\","
                + "\"period\":3,\"genesis_time\":1692803367,\"hash\":\"52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971\","
                + "\"groupHash\":\"f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e\",\"schemeID\":\"bls-unchained-g1-rfc9380\","
                + "\"metadata\":{\"beaconID\":\"quicknet\"}}";
        TlockChain quicknet = TlockChain.fromJson(info);
        Beacon beacon = BeaconJson.parse(Upstream.text("quicknet-12040883.json"));
        String infoFile = write("quicknet.json", info);
        String beaconFile = write("beacon.json", ChainFixtures.beaconJson(beacon));

        byte[] plain = "jdrand -> tlock-js on quicknet".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Tlock(BLST, quicknet).encrypt(new ByteArrayInputStream(plain), out, 12040883, true);
        Path age = dir.resolve("q.age");
        Files.write(age, out.toByteArray());
        Path result = dir.resolve("q.out");
        Result r = js("decrypt", infoFile, beaconFile, age.toString(), result.toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(Files.readAllBytes(result)).isEqualTo(plain);

        Path in = write("js.txt", "tlock-js -> jdrand on quicknet".getBytes(StandardCharsets.UTF_8));
        Path jsAge = dir.resolve("js.age");
        r = js("encrypt", infoFile, "12040883", in.toString(), jsAge.toString());
        assertThat(r.exit()).as(r.output()).isZero();
        ByteArrayOutputStream dec = new ByteArrayOutputStream();
        new Tlock(BLST, quicknet, new SecureRandom(), Clock.systemUTC()).decrypt(Files.newInputStream(jsAge), dec, new OfflineBeacons(beacon));
        assertThat(dec.toString(StandardCharsets.UTF_8)).isEqualTo("tlock-js -> jdrand on quicknet");
    }

    /** The check can fail: tlock-js refuses a jdrand file given another chain's beacon of the right round. */
    @Test
    void tlockJsRejectsAWrongBeacon() throws Exception {
        ThresholdChain c = ChainFixtures.chain(Scheme.BLS_UNCHAINED_G1_RFC9380, GENESIS, 3);
        ThresholdChain other = ChainFixtures.chain(Scheme.BLS_UNCHAINED_G1_RFC9380, GENESIS, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Tlock(BLST, ChainFixtures.tlock(c)).encrypt(new ByteArrayInputStream(new byte[] {1, 2, 3}), out, 5, true);
        Path age = dir.resolve("w.age");
        Files.write(age, out.toByteArray());
        Result r = js("decrypt", write("info.json", ChainFixtures.infoJson(c.info())), write("b.json", ChainFixtures.beaconJson(other.sign(5))),
                age.toString(), dir.resolve("w.out").toString());
        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("tlock-js failed: The beacon retrieved was not valid!");
        assertThat(dir.resolve("w.out")).doesNotExist();
    }

    private String write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content).toString();
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static Result js(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("node", "tlock-interop.mjs"));
        cmd.addAll(List.of(args));
        return run(cmd, jsDir, 120);
    }


}
