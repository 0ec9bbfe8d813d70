package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.http.HttpApiService;
import org.jdrand.http.HttpConfig;
import org.jdrand.node.http.EngineBeaconSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP API on a running node of a 3-node network (real gRPC, fake clock): latest and past
 * rounds come from the node's engine and store, the next round is held open until the network
 * produces it, and the official drand-client verifies what the node serves (evmnet's BN254 scheme
 * included: drand-client verifies it with noble-bn254-drand).
 */
@Timeout(180)
class NodeHttpApiTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static List<Scheme> schemes() {
        return List.of(Scheme.PEDERSEN_BLS_CHAINED, Scheme.PEDERSEN_BLS_UNCHAINED, Scheme.BLS_UNCHAINED_G1_RFC9380,
                Scheme.BLS_BN254_UNCHAINED_ON_G1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void nodeServesItsChainOverHttpAndDrandClientVerifiesIt(Scheme scheme) throws Exception {
        ExecutorService reads = Executors.newFixedThreadPool(2);
        try (TestNetwork net = new TestNetwork(scheme, 3, 2, "default").startAll()) {
            net.runRounds(1, 5, TestNetwork.all(3));
            ChainInfo info = net.group.chainInfo();
            try (HttpApiService http = new HttpApiService(HttpConfig.of("127.0.0.1", 0),
                    EngineBeaconSource.registry(net.daemons[0].supervisor().beacons(), reads), net.clock).start()) {
                String base = "http://127.0.0.1:" + http.port();
                HttpClient client = HttpClient.newHttpClient();

                JsonNode infoJson = JSON.readTree(get(client, base + "/info").body());
                assertThat(infoJson.get("hash").asText()).isEqualTo(info.hashHex());
                assertThat(infoJson.get("schemeID").asText()).isEqualTo(scheme.id());
                // the same fields as drand serves (the real evmnet /info for BN254: 128-byte key)
                assertThat(Hex.decode(infoJson.get("public_key").asText())).hasSize(scheme.publicKeySize());
                assertThat(infoJson.get("metadata").get("beaconID").asText()).isEqualTo("default");
                assertThat(infoJson.has("groupHash") && infoJson.has("genesis_time") && infoJson.has("period")).isTrue();

                assertThat(JSON.readTree(get(client, base + "/public/latest").body()).get("round").asLong())
                        .isEqualTo(5);
                Beacon stored3 = net.stores[0].get(3).orElseThrow();
                JsonNode r3 = JSON.readTree(get(client, base + "/public/3").body());
                assertThat(r3.get("signature").asText()).isEqualTo(Hex.encode(stored3.signature()));
                assertThat(r3.get("randomness").asText()).isEqualTo(Hex.encode(stored3.randomness()));
                assertThat(r3.has("previous_signature")).isEqualTo(scheme.chained());

                CompletableFuture<HttpResponse<String>> held = client.sendAsync(
                        HttpRequest.newBuilder(URI.create(base + "/public/6")).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(get(client, base + "/health").statusCode()).isEqualTo(200);
                assertThat(held).isNotDone();
                net.advanceToRound(6);
                await().atMost(Duration.ofSeconds(20)).until(held::isDone);
                assertThat(held.get().statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(held.get().body()).get("signature").asText())
                        .isEqualTo(Hex.encode(net.stores[0].get(6).orElseThrow().signature()));

                List<String> cmd = new ArrayList<>(List.of("node", "interop.mjs", base, info.hashHex(),
                        Hex.encode(info.publicKey()), "1", "2", "3", "4", "5", "6"));
                String[] out = new String[1];
                int exit = run(cmd, drandClientDir(), 60, out);
                assertThat(exit).as(out[0]).isZero();
                assertThat(out[0]).contains("round 6 ok", "latest ok: round 6");
            }
        } finally {
            reads.shutdownNow();
        }
    }

    static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** http-api's drand-client folder, installed with npm ci into target/ once per lock file. */
    static synchronized Path drandClientDir() throws Exception {
        Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        Path module = Files.isDirectory(cwd.resolve("src")) && cwd.endsWith("beacon-node") ? cwd : cwd.resolve("beacon-node");
        Path src = module.resolveSibling("http-api").resolve("src/test/js");
        Path dir = module.resolve("target/js-interop");
        Files.createDirectories(dir);
        for (String f : List.of("package.json", "package-lock.json", "interop.mjs")) {
            Files.copy(src.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        String lockHash = Hex.encode(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(src.resolve("package-lock.json"))));
        Path stamp = dir.resolve("node_modules/.jdrand-lock-sha256");
        if (!Files.exists(stamp) || !Files.readString(stamp).equals(lockHash)) {
            String[] out = new String[1];
            int exit = run(List.of("npm", "ci", "--no-audit", "--no-fund"), dir, 240, out);
            assertThat(exit).as("npm ci: " + out[0]).isZero();
            Files.writeString(stamp, lockHash);
        }
        return dir;
    }

    static int run(List<String> cmd, Path dir, int timeoutSeconds, String[] output) throws Exception {
        Path log = Files.createTempFile(dir, "run", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            output[0] = Files.readString(log, StandardCharsets.UTF_8);
            return done ? p.exitValue() : -1;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
