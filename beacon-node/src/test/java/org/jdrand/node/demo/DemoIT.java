package org.jdrand.node.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.proto.drand.Metadata;
import org.jdrand.proto.drand.PublicGrpc;
import org.jdrand.proto.drand.PublicRandRequest;
import org.jdrand.proto.drand.PublicRandResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's first command, {@code ./jdrand demo}, as a user would (the launcher at the
 * repository root, the built jar), bounded with {@code --rounds}: beacons appear, all nodes serve
 * the identical beacon, it verifies (crypto's BeaconVerifier and the printed {@code jdrand
 * verify} command), and no process is left. Then a second run resumes the same chain and is
 * killed with SIGKILL: its nodes must not outlive it.
 */
class DemoIT {
    private static final Pattern ROUND = Pattern.compile(
            "^round (\\d+)\\s+randomness ([0-9a-f]{64})\\s+(\\d+)/(\\d+) nodes agree\\s+(\\S+)(.*)$");
    private static final Pattern KEY = Pattern.compile("group public key ([0-9a-f]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final List<Process> started = new ArrayList<>();

    /** A running demo and its output lines. */
    record Demo(Process process, List<String> lines) {
        List<long[]> rounds() {
            List<long[]> out = new ArrayList<>();
            for (String l : lines) {
                Matcher m = ROUND.matcher(l);
                if (m.find()) {
                    out.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)),
                        m.group(5).equals("verified") ? 1 : 0, m.group(6).contains("ANOTHER BEACON") ? 1 : 0});
                }
            }
            return out;
        }

        String text() {
            return String.join("\n", lines);
        }
    }

    @AfterEach
    void killLeftovers() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void demoRunsVerifiesAgreesStopsCleanlyAndResumes() throws Exception {
        // 3 nodes instead of the default 5 keep the test light on a 2-core machine; same code path
        Demo first = start("demo", "--nodes", "3", "--threshold", "2", "--rounds", "3");
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200))
                .until(() -> !first.rounds().isEmpty() || !first.process().isAlive());
        assertThat(first.rounds()).as("output:\n%s", first.text()).isNotEmpty();
        assertThat(first.text()).contains("Starting a fresh demo network in " + work.resolve(".demo"));
        List<ProcessHandle> nodes = first.process().descendants().toList();
        assertThat(nodes).as("node processes").hasSizeGreaterThanOrEqualTo(3);

        // while it runs: every node serves the same, valid beacon, as a user would fetch it
        String publicKey = match(KEY, first.text());
        Scheme scheme = Scheme.byId("pedersen-bls-chained");
        BeaconVerifier verifier = new BeaconVerifier(BlsBackends.byName("blst"), scheme, Hex.decode(publicKey));
        DemoState state = DemoState.load(work.resolve(".demo"));
        long round = first.rounds().get(0)[0];
        List<Beacon> served = new CopyOnWriteArrayList<>();
        // every node serves round `round` (a loaded node may store it a moment after the others)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().untilAsserted(() -> {
            served.clear();
            for (DemoState.NodePorts p : state.ports()) {
                served.add(fetch(first, p, round));
            }
            assertThat(served).hasSize(3).doesNotContainNull();
        });
        assertThat(served).allSatisfy(b -> assertThat(b).isEqualTo(served.get(0)));
        assertThat(served.get(0).round()).isEqualTo(round);
        assertThat(verifier.isValid(served.get(0))).isTrue();

        assertThat(first.process().waitFor(3, TimeUnit.MINUTES)).as("bounded run ends").isTrue();
        assertThat(first.process().exitValue()).as("output:\n%s", first.text()).isZero();
        assertThat(first.rounds()).hasSize(3).allSatisfy(r -> {
            assertThat(r[1]).as("agreeing nodes").isPositive();
            assertThat(r[3]).as("verified").isEqualTo(1);
            assertThat(r[4]).as("a node serving another beacon").isZero();
        });
        assertThat(first.text()).contains("All nodes stopped.");
        await().atMost(Duration.ofSeconds(20)).until(() -> nodes.stream().noneMatch(ProcessHandle::isAlive));

        // the printed verify command, pasted into a shell, accepts the demo's latest.json
        String verifyLine = first.lines().stream().filter(l -> l.contains(" verify --scheme") && !l.contains("curl"))
                .findFirst().orElseThrow().strip();
        Process v = new ProcessBuilder("bash", "-c", verifyLine).directory(work.toFile()).redirectErrorStream(true).start();
        String verifyOut = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(v.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(v.exitValue()).as(verifyOut).isZero();
        assertThat(verifyOut).contains("round " + first.rounds().get(2)[0] + " ok randomness");

        // a second run resumes the same chain; SIGKILL of the demo takes its nodes down too
        long lastRound = first.rounds().get(2)[0];
        Demo second = start("demo", "--duration", "5m");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> !second.rounds().isEmpty() || !second.process().isAlive());
        assertThat(second.text()).contains("Resuming the demo network saved in " + work.resolve(".demo"));
        assertThat(second.rounds()).as("output:\n%s", second.text()).isNotEmpty();
        // the saved head (latest.json) is not reported again: --rounds counts only rounds new to this run
        assertThat(second.rounds().get(0)[0]).as("resumes the saved chain after its head").isGreaterThan(lastRound);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> second.rounds().stream().anyMatch(r -> r[0] > lastRound) || !second.process().isAlive());
        assertThat(second.rounds()).as("the chain continues; output:\n%s", second.text())
                .anySatisfy(r -> assertThat(r[0]).isGreaterThan(lastRound));
        assertThat(match(KEY, second.text())).as("same group key").isEqualTo(publicKey);
        List<ProcessHandle> nodes2 = second.process().descendants().toList();
        assertThat(nodes2).hasSizeGreaterThanOrEqualTo(3);
        second.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> nodes2.stream().noneMatch(ProcessHandle::isAlive));
    }

    /**
     * {@code ./jdrand demo --scheme bls-bn254-unchained-on-g1}: the DKG and the rounds on evmnet's
     * BN254 scheme; the 64-byte signatures verify (crypto's verifier and the printed {@code jdrand
     * verify} command).
     */
    @Test
    void demoRunsEvmnetsBn254Scheme() throws Exception {
        Demo demo = start("demo", "--nodes", "3", "--threshold", "2", "--rounds", "2", "--scheme",
                "bls-bn254-unchained-on-g1");
        assertThat(demo.process().waitFor(5, TimeUnit.MINUTES)).as("bounded run ends").isTrue();
        assertThat(demo.process().exitValue()).as("output:\n%s", demo.text()).isZero();
        assertThat(demo.text()).contains("bls-bn254-unchained-on-g1");
        assertThat(demo.rounds()).hasSize(2).allSatisfy(r -> assertThat(r[3]).as("verified").isEqualTo(1));
        String publicKey = match(KEY, demo.text());
        assertThat(Hex.decode(publicKey)).as("uncompressed BN254 G2 key").hasSize(128);
        JsonNode latest = JSON.readTree(Files.readString(work.resolve(".demo/latest.json")));
        Beacon b = new Beacon(latest.path("round").asLong(), Hex.decode(latest.path("signature").asText()), null);
        assertThat(b.signature()).hasSize(64);
        assertThat(new BeaconVerifier(BlsBackends.bn254(), Scheme.BLS_BN254_UNCHAINED_ON_G1, Hex.decode(publicKey))
                .isValid(b)).isTrue();
        String verifyLine = demo.lines().stream().filter(l -> l.contains(" verify --scheme") && !l.contains("curl"))
                .findFirst().orElseThrow().strip();
        assertThat(verifyLine).contains("--scheme bls-bn254-unchained-on-g1");
        Process v = new ProcessBuilder("bash", "-c", verifyLine).directory(work.toFile()).redirectErrorStream(true).start();
        String verifyOut = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(v.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(v.exitValue()).as(verifyOut).isZero();
        assertThat(verifyOut).contains("round " + b.round() + " ok randomness");
    }

    /** Round {@code round} from one node: over HTTP when the demo printed HTTP endpoints, else gRPC Public. */
    private static Beacon fetch(Demo demo, DemoState.NodePorts p, long round) throws Exception {
        if (demo.text().contains("Node HTTP endpoints:")) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + p.publicPort() + "/public/" + round)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode j = JSON.readTree(r.body());
            assertThat(j.path("randomness").asText()).isEqualTo(
                    Hex.encode(new Beacon(1, Hex.decode(j.path("signature").asText()), null).randomness()));
            return new Beacon(j.path("round").asLong(), Hex.decode(j.path("signature").asText()),
                    j.hasNonNull("previous_signature") ? Hex.decode(j.path("previous_signature").asText()) : null);
        }
        ManagedChannel ch = Grpc.newChannelBuilder(p.privateAddress(), InsecureChannelCredentials.create()).build();
        try {
            PublicRandResponse r = PublicGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .publicRand(PublicRandRequest.newBuilder().setRound(round)
                            .setMetadata(Metadata.newBuilder().setBeaconID("default")).build());
            return new Beacon(r.getRound(), r.getSignature().toByteArray(),
                    r.getPreviousSignature().isEmpty() ? null : r.getPreviousSignature().toByteArray());
        } finally {
            ch.shutdownNow();
        }
    }

    private static String match(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertThat(m.find()).as("%s in:\n%s", p, text).isTrue();
        return m.group(1);
    }

    /** {@code ./jdrand <args>} from the repository root when the launcher is there, else {@code java -jar}. */
    private Demo start(String... args) throws IOException {
        Path jar = Path.of(System.getProperty("jdrand.jar", "target/jdrand.jar")).toAbsolutePath();
        assertThat(jar).as("the shaded jar (run with mvn verify)").exists();
        Path root = jar.getParent().getParent().getParent();
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(root.resolve("jdrand")) && jar.equals(root.resolve("beacon-node/target/jdrand.jar"))) {
            cmd.add(root.resolve("jdrand").toString());
        } else {
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        }
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JDRAND_NO_REBUILD", "1"); // the jar under test, never a rebuild in the middle of mvn verify
        Process p = pb.start();
        p.getOutputStream().close();
        started.add(p);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            } catch (IOException e) {
                lines.add("(output read failed: " + e + ")");
            }
        }, "demo-output");
        reader.setDaemon(true);
        reader.start();
        return new Demo(p, lines);
    }
}
