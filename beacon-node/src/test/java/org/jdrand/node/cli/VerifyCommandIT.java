package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the built jar's {@code verify} as a process, on real beacons of the known-answer vectors file. */
class VerifyCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode vectors;

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {}

    @BeforeAll
    static void loadVectors() throws IOException {
        // crypto's test resource, on this classpath through the jdrand-crypto test-jar
        try (InputStream in = VerifyCommandIT.class.getResourceAsStream("/vectors/drand-known-answers.json")) {
            assertThat(in).as("known-answer vectors from the crypto test-jar").isNotNull();
            vectors = JSON.readTree(in);
        }
    }

    private static JsonNode chain(String name) {
        for (JsonNode c : vectors.get("chains")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException(name);
    }

    /** /info as a node serves it (v1). */
    private static ObjectNode infoV1(JsonNode c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("public_key", c.get("public_key").asText());
        n.put("period", c.get("period").asInt());
        n.put("genesis_time", c.get("genesis_time").asLong());
        n.put("hash", c.get("hash").asText());
        n.put("groupHash", c.get("group_hash").asText());
        n.put("schemeID", c.get("scheme").asText());
        n.putObject("metadata").put("beaconID", c.get("beacon_id").asText());
        return n;
    }

    /** /v2/.../info as the relay serves it. */
    private static ObjectNode infoV2(JsonNode c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("public_key", c.get("public_key").asText());
        n.put("period", c.get("period").asInt());
        n.put("genesis_time", c.get("genesis_time").asLong());
        n.put("genesis_seed", c.get("group_hash").asText());
        n.put("chain_hash", c.get("hash").asText());
        n.put("scheme", c.get("scheme").asText());
        n.put("beacon_id", c.get("beacon_id").asText());
        return n;
    }

    /** Beacon JSON v1: previous_signature omitted when null. */
    private static ObjectNode beaconJson(JsonNode b) {
        ObjectNode n = JSON.createObjectNode();
        n.put("round", b.get("round").asLong());
        n.put("randomness", b.get("randomness").asText());
        n.put("signature", b.get("signature").asText());
        if (!b.get("previous_signature").isNull()) {
            n.put("previous_signature", b.get("previous_signature").asText());
        }
        return n;
    }

    private Path write(String name, Object json) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, json instanceof String s ? s : JSON.writeValueAsString(json));
        return f;
    }

    private Result run(String stdin, String... args) throws Exception {
        return runWithJvmOptions(List.of(), stdin, args);
    }

    private Result runWithJvmOptions(List<String> jvmOptions, String stdin, String... args) throws Exception {
        String jar = System.getProperty("jdrand.jar");
        assertThat(jar).as("system property jdrand.jar").isNotNull();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar, "verify"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jdrand verify did not finish in 60 s: " + cmd);
        }
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    @Test
    void acceptsRealBeaconsOfEveryBls12381ChainWithV1AndV2ChainInfo() throws Exception {
        int i = 0;
        for (String name : List.of("mainnet-default", "mainnet-quicknet", "testnet-unchained-3s", "mainnet-fastnet (deprecated)")) {
            JsonNode c = chain(name);
            JsonNode b = c.get("beacons").get(c.get("beacons").size() - 1);
            Path info = write("info" + i + ".json", i % 2 == 0 ? infoV1(c) : infoV2(c));
            Path beacon = write("beacon" + i + ".json", beaconJson(b));
            Result r = run(null, "--chain-info", info.toString(), beacon.toString());
            assertThat(r.exit()).as("%s: %s", name, r.err()).isZero();
            assertThat(r.out().strip()).isEqualTo("round " + b.get("round").asLong() + " ok randomness " + b.get("randomness").asText());
            i++;
        }
    }

    @Test
    void readsStdinAndRawFieldsAndTheBouncyCastleBackend() throws Exception {
        JsonNode c = chain("mainnet-default");
        JsonNode b = c.get("beacons").get(0);
        Path info = write("info.json", infoV1(c));
        Result fromStdin = run(JSON.writeValueAsString(beaconJson(b)), "--chain-info", info.toString(), "-");
        assertThat(fromStdin.exit()).as(fromStdin.err()).isZero();
        assertThat(fromStdin.out()).startsWith("round 1 ok randomness " + b.get("randomness").asText());

        Result raw = run(null, "--public-key", c.get("public_key").asText(), "--scheme", "pedersen-bls-chained",
                "--round", "1", "--signature", b.get("signature").asText(),
                "--previous-signature", b.get("previous_signature").asText(), "--backend", "bouncycastle");
        assertThat(raw.exit()).as(raw.err()).isZero();
        assertThat(raw.out()).isEqualTo(fromStdin.out());
    }

    @Test
    void fallsBackToBouncyCastleWithANoticeWhenBlstCannotLoad() throws Exception {
        JsonNode c = chain("mainnet-quicknet");
        JsonNode b = c.get("beacons").get(0);
        Path info = write("info.json", infoV1(c));
        Path beacon = write("b.json", beaconJson(b));
        // jblst unpacks its native library into java.io.tmpdir: an unusable one makes it fail to load
        Result r = runWithJvmOptions(List.of("-Djava.io.tmpdir=" + dir.resolve("does-not-exist")), null,
                "--chain-info", info.toString(), beacon.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("falling back to bouncycastle");
        assertThat(r.out()).startsWith("round 1 ok randomness " + b.get("randomness").asText());
    }

    @Test
    void rejectsTamperedBeaconsWithExitOne() throws Exception {
        JsonNode c = chain("mainnet-default");
        JsonNode b = c.get("beacons").get(1);
        Path info = write("info.json", infoV1(c));

        ObjectNode wrongRound = beaconJson(b).put("round", b.get("round").asLong() + 1);
        Result r1 = run(null, "--chain-info", info.toString(), write("r.json", wrongRound).toString());
        assertThat(r1.exit()).isEqualTo(1);
        assertThat(r1.err()).contains("round 3").contains("invalid signature");
        assertThat(r1.out()).isEmpty();

        String sig = b.get("signature").asText();
        ObjectNode wrongSig = beaconJson(b).put("signature", sig.substring(0, 100) + (sig.charAt(100) == '0' ? '1' : '0') + sig.substring(101));
        Result r2 = run(null, "--chain-info", info.toString(), write("s.json", wrongSig).toString());
        assertThat(r2.exit()).as(r2.err()).isEqualTo(1);

        String prev = b.get("previous_signature").asText();
        ObjectNode wrongPrev = beaconJson(b).put("previous_signature", (prev.charAt(0) == 'a' ? "b" : "a") + prev.substring(1));
        Result r3 = run(null, "--chain-info", info.toString(), write("p.json", wrongPrev).toString());
        assertThat(r3.exit()).isEqualTo(1);

        ObjectNode wrongRandomness = beaconJson(b).put("randomness", "00".repeat(32));
        Result r4 = run(null, "--chain-info", info.toString(), write("x.json", wrongRandomness).toString());
        assertThat(r4.exit()).isEqualTo(1);
        assertThat(r4.err()).contains("randomness");
    }

    @Test
    void unusableInputExitsTwo() throws Exception {
        JsonNode c = chain("mainnet-quicknet");
        JsonNode b = c.get("beacons").get(0);
        Path beacon = write("b.json", beaconJson(b));

        ObjectNode badHash = infoV2(c).put("chain_hash", "00" + c.get("hash").asText().substring(2));
        Result r1 = run(null, "--chain-info", write("i.json", badHash).toString(), beacon.toString());
        assertThat(r1.exit()).isEqualTo(2);
        assertThat(r1.err()).contains("does not match the recomputed");

        Result r2 = run(null, "--chain-info", write("j.json", "{not json").toString(), beacon.toString());
        assertThat(r2.exit()).isEqualTo(2);
        assertThat(r2.err()).contains("invalid JSON");

        Result r3 = run(null, "--chain-info", dir.resolve("missing.json").toString(), beacon.toString());
        assertThat(r3.exit()).isEqualTo(2);

        Result r4 = run(null, "--public-key", c.get("public_key").asText(), "--scheme", "no-such-scheme", beacon.toString());
        assertThat(r4.exit()).isEqualTo(2);
        assertThat(r4.err()).contains("supported");

        Result r5 = run(null, "--public-key", c.get("public_key").asText(), "--scheme", "bls-unchained-g1-rfc9380");
        assertThat(r5.exit()).isEqualTo(2);
        assertThat(r5.err()).contains("usage");

        // bad hex or a key that is no point: the message names the input
        Result r6 = run(null, "--public-key", c.get("public_key").asText(), "--scheme", "bls-unchained-g1-rfc9380",
                "--round", "1", "--signature", "abc");
        assertThat(r6.exit()).isEqualTo(2);
        assertThat(r6.err()).isEqualTo("verify: --signature: hex: odd length 3\n");
        Result r7 = run(null, "--public-key", "aabb", "--scheme", "bls-unchained-g1-rfc9380", beacon.toString());
        assertThat(r7.exit()).isEqualTo(2);
        assertThat(r7.err()).startsWith("verify: --public-key: ").contains("length 2 (expected 96)");
        ObjectNode badSig = beaconJson(b).put("signature", "zz");
        Result r8 = run(null, "--chain-info", write("k.json", infoV2(c)).toString(), write("c.json", badSig).toString());
        assertThat(r8.exit()).isEqualTo(2);
        assertThat(r8.err()).isEqualTo("verify: beacon: signature: hex: not a hex string: zz\n");
    }
}
