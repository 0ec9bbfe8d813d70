package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.ChainInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code jdrand relay} as an operator runs it: the built jar in its own process, following a
 * threshold network of real daemons over gRPC on loopback; every beacon it serves over HTTP
 * verifies under the pinned chain's group key, and new rounds reach it while it runs.
 */
@Timeout(240)
class RelayJarIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern SERVING = Pattern.compile("relay serving http=([^ ]+) chains=(\\d+)");

    @Test
    void relayFromTheJarServesVerifiedBeaconsOfAChainedNetwork() throws Exception {
        Path jar = Path.of(System.getProperty("jdrand.jar", "target/jdrand.jar"));
        assertThat(jar).as("runnable jar (built by package)").exists();
        try (TestNetwork net = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 3, 2, "default").startAll()) {
            net.runRounds(1, 5, TestNetwork.all(3));
            ChainInfo info = net.group.chainInfo();
            Path log = Files.createTempFile("relay-it", ".log");
            Process relay = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString(), "relay",
                    "--upstream", "127.0.0.1:" + net.ports[0] + ",127.0.0.1:" + net.ports[1],
                    "--listen", "127.0.0.1:0", "--chain-hash", info.hashHex())
                    .redirectErrorStream(true).start();
            try {
                String base = "http://" + awaitServing(relay, log);
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                BeaconVerifier verifier = BeaconVerifier.forChain(TestNetwork.BACKEND, info);

                JsonNode served = JSON.readTree(get(http, base + "/info"));
                assertThat(served.get("hash").asText()).isEqualTo(info.hashHex());
                assertThat(served.get("public_key").asText()).isEqualTo(Hex.encode(info.publicKey()));

                Beacon latest = beacon(JSON.readTree(get(http, base + "/public/latest")));
                assertThat(latest.round()).isEqualTo(5);
                assertThat(verifier.isValid(latest)).as("round 5 from the relay verifies").isTrue();

                net.runRounds(6, 8, TestNetwork.all(3));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                        JSON.readTree(get(http, base + "/public/latest")).get("round").asLong() == 8);
                for (long r : List.of(6L, 7L, 8L)) {
                    Beacon b = beacon(JSON.readTree(get(http, base + "/public/" + r)));
                    assertThat(b.round()).isEqualTo(r);
                    assertThat(verifier.isValid(b)).as("round " + r + " from the relay verifies").isTrue();
                    assertThat(b.signature()).isEqualTo(net.stores[0].get(r).orElseThrow().signature());
                }
                // a changed signature must not verify: the check above can fail
                Beacon b8 = beacon(JSON.readTree(get(http, base + "/public/8")));
                byte[] sig = b8.signature();
                sig[sig.length - 1] ^= 1;
                assertThat(verifier.isValid(new Beacon(8, sig, b8.previousSignature()))).isFalse();
            } finally {
                relay.destroy();
                if (!relay.waitFor(20, TimeUnit.SECONDS)) {
                    relay.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
                }
            }
            assertThat(relay.isAlive()).isFalse();
        }
    }

    /** Reads the relay's output until it says where it serves; the output goes on to {@code log}. */
    private static String awaitServing(Process relay, Path log) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    Files.writeString(log, line + "\n", StandardCharsets.UTF_8,
                            java.nio.file.StandardOpenOption.APPEND);
                    Matcher m = SERVING.matcher(line);
                    if (m.find()) {
                        address.complete(m.group(1));
                    }
                }
                address.completeExceptionally(new IllegalStateException("relay exited before serving: "
                        + Files.readString(log)));
            } catch (Exception e) {
                address.completeExceptionally(e);
            }
        }, "relay-output");
        pump.setDaemon(true);
        pump.start();
        return address.get(90, TimeUnit.SECONDS);
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + url + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private static Beacon beacon(JsonNode json) {
        byte[] previous = json.has("previous_signature") ? Hex.decode(json.get("previous_signature").asText()) : null;
        return new Beacon(json.get("round").asLong(), Hex.decode(json.get("signature").asText()), previous);
    }
}
