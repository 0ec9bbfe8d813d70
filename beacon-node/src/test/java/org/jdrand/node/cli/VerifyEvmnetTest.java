package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code jdrand verify} and {@code jdrand get} through picocli's Main on a real evmnet (BN254) beacon and the real
 * evmnet chain info (src/test/resources/bn254/evmnet.json, from drand/drand-client's
 * test/beacon-verification.test.ts).
 */
class VerifyEvmnetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private JsonNode info;
    private JsonNode beacon;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void load() throws Exception {
        try (InputStream in = VerifyEvmnetTest.class.getResourceAsStream("/bn254/evmnet.json")) {
            JsonNode root = JSON.readTree(in);
            info = root.get("info");
            beacon = root.get("beacons").get(0);
        }
    }

    private int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private Path write(String name, JsonNode node) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, JSON.writeValueAsString(node));
        return p;
    }

    @Test
    void realEvmnetBeaconVerifiesAgainstTheRealChainInfo() throws Exception {
        Path infoFile = write("info.json", info);
        Path beaconFile = write("beacon.json", beacon);
        assertThat(run("verify", "--chain-info", infoFile.toString(), beaconFile.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("round 6390578 ok randomness " + beacon.get("randomness").asText());
    }

    @Test
    void rawFieldsWithTheSchemeVerifyAndAChangedRoundDoesNot() {
        String pk = info.get("public_key").asText();
        String sig = beacon.get("signature").asText();
        assertThat(run("verify", "--public-key", pk, "--scheme", "bls-bn254-unchained-on-g1", "--round", "6390578",
                "--signature", sig)).as(err.toString()).isZero();
        assertThat(run("verify", "--public-key", pk, "--scheme", "bls-bn254-unchained-on-g1", "--round", "6390579",
                "--signature", sig)).isEqualTo(1);
        assertThat(err.toString()).contains("round 6390579").contains("invalid signature");
    }

    @Test
    void changedRoundInTheBeaconFileExitsOne() throws Exception {
        ObjectNode changed = beacon.deepCopy();
        changed.put("round", 6390577);
        changed.remove("randomness");
        assertThat(run("verify", "--chain-info", write("info.json", info).toString(), write("b.json", changed).toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("invalid signature");
    }

    /**
     * {@code jdrand get public} against a relay on loopback (port 0) that serves the real evmnet
     * /info and round 6390578 as api.drand.sh does; the round it serves as 6390579 carries the
     * same signature, so it must not verify.
     */
    @Test
    void getPublicFetchesAndVerifiesAnEvmnetBeacon() throws Exception {
        String hash = info.get("hash").asText();
        ObjectNode wrongRound = beacon.deepCopy();
        wrongRound.put("round", 6390579);
        HttpServer relay = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serve(relay, "/" + hash + "/info", info);
        serve(relay, "/" + hash + "/public/6390578", beacon);
        serve(relay, "/" + hash + "/public/6390579", wrongRound);
        relay.start();
        try {
            String url = "http://127.0.0.1:" + relay.getAddress().getPort();
            assertThat(run("get", "chain-info", "--url", url, "--chain-hash", hash)).as(err.toString()).isZero();
            assertThat(out.toString()).contains("\"schemeID\":\"bls-bn254-unchained-on-g1\"", "chain info verified: hash " + hash);
            assertThat(run("get", "public", "--url", url, "--chain-hash", hash, "--round", "6390578")).as(err.toString()).isZero();
            assertThat(out.toString()).contains("round 6390578 verified");
            assertThat(run("get", "public", "--url", url, "--chain-hash", hash, "--round", "6390579")).isEqualTo(1);
            assertThat(err.toString()).contains("round 6390579: invalid signature", "expected a signature of chain 04f1e906");
        } finally {
            relay.stop(0);
        }
    }

    private static void serve(HttpServer server, String path, JsonNode body) throws Exception {
        byte[] bytes = JSON.writeValueAsBytes(body);
        server.createContext(path, ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            try (var os = ex.getResponseBody()) {
                os.write(bytes);
            }
        });
    }

    @Test
    void malformedSignatureAndWrongChainHashAreReported() throws Exception {
        String pk = info.get("public_key").asText();
        assertThat(run("verify", "--public-key", pk, "--scheme", "bls-bn254-unchained-on-g1", "--round", "6390578",
                "--signature", beacon.get("signature").asText().substring(2))).isEqualTo(1);
        assertThat(err.toString()).contains("malformed signature: bn254 g1 point: length 63 (expected 64)");
        ObjectNode badHash = info.deepCopy();
        badHash.put("hash", "00" + info.get("hash").asText().substring(2));
        assertThat(run("verify", "--chain-info", write("bad.json", badHash).toString(),
                write("beacon.json", beacon).toString())).isEqualTo(2);
        assertThat(err.toString()).contains("does not match the recomputed 04f1e906");
    }
}
