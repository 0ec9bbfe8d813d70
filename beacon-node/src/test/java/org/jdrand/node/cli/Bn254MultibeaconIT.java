package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.InsecureChannelCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.node.cli.JdrandNodes.Node;
import org.jdrand.node.cli.JdrandNodes.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A League member's daemon: one {@code jdrand start} per node (real {@code java -jar} processes)
 * runs a BLS12-381 chain (beacon ID "default", pedersen-bls-chained) and evmnet's BN254 chain
 * (beacon ID "evmnet", bls-bn254-unchained-on-g1) side by side, both set up by DKGs driven through
 * the CLI. Both chains are served over HTTP under their own chain hash, every node serves the
 * same beacons, and {@code jdrand verify} accepts them under each group key.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class Bn254MultibeaconIT {
    private static final Duration LONG = Duration.ofSeconds(180);
    private static final String EVMNET = Scheme.BLS_BN254_UNCHAINED_ON_G1.id();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ExecutorService pool = Executors.newFixedThreadPool(3);
    private final HttpClient http = HttpClient.newHttpClient();
    private JdrandNodes net;

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        if (net != null) {
            net.close();
        }
        pool.shutdownNow();
    }

    @Test
    void oneDaemonRunsABn254ChainNextToABls12381Chain() throws Exception {
        net = new JdrandNodes(dir, List.of("--insecure"), List.of(), InsecureChannelCredentials.create(), "5s");
        List<Node> nodes = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            nodes.add(net.add(name));
        }
        parallel(nodes, n -> {
            n.generateKeypair();
            Result r = JdrandNodes.cli("generate-keypair", "--folder", n.folder.toString(), "--id", "evmnet",
                    "--scheme", EVMNET, n.address());
            ok(r);
            assertThat(r.out()).contains(EVMNET);
        });
        parallel(nodes, Node::start);
        Node leader = nodes.get(0);

        Path p1 = dir.resolve("default.toml");
        Path p2 = dir.resolve("evmnet.toml");
        List<String> gp1 = new ArrayList<>(List.of("dkg", "generate-proposal", "--insecure", "--out", p1.toString()));
        List<String> gp2 = new ArrayList<>(List.of("dkg", "generate-proposal", "--insecure", "--id", "evmnet", "--out",
                p2.toString()));
        for (Node n : nodes) {
            gp1.addAll(List.of("--joiner", n.address()));
            gp2.addAll(List.of("--joiner", n.address()));
        }
        ok(JdrandNodes.cli(gp1.toArray(String[]::new)));
        ok(JdrandNodes.cli(gp2.toArray(String[]::new)));

        ok(leader.dkg("init", "--proposal", p1.toString(), "--threshold", "2", "--period", "1s",
                "--scheme", "pedersen-bls-chained", "--genesis-delay", "30s"));
        parallel(nodes.subList(1, 3), n -> ok(n.dkg("join")));
        ok(leader.dkg("execute", "--wait", "--wait-timeout", "120s"));

        ok(leader.dkg("init", "--id", "evmnet", "--proposal", p2.toString(), "--threshold", "2", "--period", "3s",
                "--scheme", EVMNET, "--genesis-delay", "30s"));
        parallel(nodes.subList(1, 3), n -> ok(n.dkg("join", "--id", "evmnet")));
        Result exec = leader.dkg("execute", "--id", "evmnet", "--wait", "--wait-timeout", "120s");
        ok(exec);
        assertThat(exec.out()).contains("DKG complete: epoch 1, group of 3 nodes, threshold 2");

        // both chains on every node's one HTTP listener, each under its chain hash
        JsonNode evm = awaitChain(nodes, EVMNET);
        JsonNode bls = awaitChain(nodes, "pedersen-bls-chained");
        assertThat(evm.get("metadata").get("beaconID").asText()).isEqualTo("evmnet");
        assertThat(bls.get("metadata").get("beaconID").asText()).isEqualTo("default");
        for (JsonNode info : List.of(evm, bls)) {
            ChainInfo parsed = new ChainInfo(Hex.decode(info.get("public_key").asText()),
                    info.get("metadata").get("beaconID").asText(), info.get("period").asInt(),
                    Scheme.byId(info.get("schemeID").asText()), info.get("genesis_time").asLong(),
                    Hex.decode(info.get("groupHash").asText()));
            assertThat(parsed.hashHex()).as("the chain hash recomputes from /info").isEqualTo(info.get("hash").asText());
            String hash = info.get("hash").asText();
            JsonNode ref = awaitRound(nodes.get(0), hash, 2);
            for (Node n : nodes) {
                assertThat(awaitRound(n, hash, 2).get("signature")).as(n.name).isEqualTo(ref.get("signature"));
            }
            Scheme scheme = Scheme.byId(info.get("schemeID").asText());
            assertThat(Hex.decode(ref.get("signature").asText())).hasSize(scheme.signatureSize());
            List<String> verify = new ArrayList<>(List.of("verify", "--public-key", info.get("public_key").asText(),
                    "--scheme", scheme.id(), "--round", "2", "--signature", ref.get("signature").asText()));
            if (scheme.chained()) {
                verify.addAll(List.of("--previous-signature", ref.get("previous_signature").asText()));
            }
            Result v = JdrandNodes.cli(verify.toArray(String[]::new));
            assertThat(v.code()).as("jdrand verify: " + v.all()).isZero();
            assertThat(v.out()).contains("round 2 ok");
            // and a wrong round does not verify
            verify.set(6, "3");
            assertThat(JdrandNodes.cli(verify.toArray(String[]::new)).code()).isNotZero();
        }
        assertThat(leader.logText()).contains("evmnet").contains("default");

        // ---- reshare of the BN254 chain through the CLI: d joins, threshold 2 -> 3, same group key
        Node d = net.add("d");
        ok(JdrandNodes.cli("generate-keypair", "--folder", d.folder.toString(), "--id", "evmnet", "--scheme", EVMNET,
                d.address()));
        d.start();
        Path p3 = dir.resolve("evmnet-reshare.toml");
        List<String> rp = new ArrayList<>(List.of("dkg", "generate-proposal", "--insecure", "--id", "evmnet", "--out",
                p3.toString()));
        nodes.forEach(n -> rp.addAll(List.of("--remainer", n.address())));
        rp.addAll(List.of("--joiner", d.address()));
        ok(JdrandNodes.cli(rp.toArray(String[]::new)));
        ok(leader.dkg("reshare", "--id", "evmnet", "--proposal", p3.toString(), "--threshold", "3"));
        Path oldGroup = dir.resolve("evmnet-epoch1.toml");
        ok(JdrandNodes.cli("show", "group", "--control", leader.control(), "--id", "evmnet", "--out", oldGroup.toString()));
        parallel(nodes.subList(1, 3), n -> ok(n.dkg("accept", "--id", "evmnet")));
        ok(d.dkg("join", "--id", "evmnet", "--group", oldGroup.toString()));
        Result reExec = leader.dkg("execute", "--id", "evmnet", "--wait", "--wait-timeout", "120s");
        ok(reExec);
        assertThat(reExec.out()).contains("DKG complete: epoch 2, group of 4 nodes, threshold 3");
        String evmHash = evm.get("hash").asText();
        Path newGroupFile = d.folder.resolve("multibeacon/evmnet/groups/drand_group.toml");
        Awaitility.await("d writes its group file").atMost(LONG).until(() -> Files.isRegularFile(newGroupFile));
        String newGroup = Files.readString(newGroupFile);
        assertThat(newGroup).contains("Threshold = 3").contains(d.address());
        long transition = Long.parseLong(newGroup.lines().filter(l -> l.startsWith("TransitionTime")).findFirst()
                .orElseThrow().replaceAll("\\D", ""));
        long transitionRound = (transition - evm.get("genesis_time").asLong()) / evm.get("period").asLong() + 1;
        JsonNode after = awaitRound(d, evmHash, transitionRound + 1);
        assertThat(awaitRound(leader, evmHash, transitionRound + 1).get("signature")).isEqualTo(after.get("signature"));
        JsonNode infoOnD = JSON.readTree(get(d.httpUrl() + "/" + evmHash + "/info"));
        assertThat(infoOnD.get("public_key")).as("group key unchanged by the reshare").isEqualTo(evm.get("public_key"));
        Result v = JdrandNodes.cli("verify", "--public-key", evm.get("public_key").asText(), "--scheme", EVMNET,
                "--round", Long.toString(transitionRound + 1), "--signature", after.get("signature").asText());
        assertThat(v.code()).as("jdrand verify after the reshare: " + v.all()).isZero();
    }

    /** The /info of the chain of {@code schemeId} once every node serves it (via /chains). */
    private JsonNode awaitChain(List<Node> nodes, String schemeId) {
        JsonNode[] found = new JsonNode[1];
        for (Node n : nodes) {
            Awaitility.await(n.name + " serves a " + schemeId + " chain").atMost(LONG).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions().until(() -> {
                        for (JsonNode h : JSON.readTree(get(n.httpUrl() + "/chains"))) {
                            JsonNode info = JSON.readTree(get(n.httpUrl() + "/" + h.asText() + "/info"));
                            if (info.get("schemeID").asText().equals(schemeId)) {
                                found[0] = info;
                                return true;
                            }
                        }
                        return false;
                    });
        }
        return found[0];
    }

    private JsonNode awaitRound(Node n, String hash, long round) {
        JsonNode[] beacon = new JsonNode[1];
        Awaitility.await(n.name + " serves round " + round + " of " + hash.substring(0, 8)).atMost(LONG)
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                    beacon[0] = JSON.readTree(get(n.httpUrl() + "/" + hash + "/public/" + round));
                    return beacon[0].get("round").asLong() == round;
                });
        return beacon[0];
    }

    private String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + ": HTTP " + r.statusCode());
        }
        return r.body();
    }

    private static void ok(Result r) {
        assertThat(r.code()).as("exit code; output: " + r.all()).isZero();
    }

    interface NodeTask {
        void run(Node n) throws Exception;
    }

    private void parallel(List<Node> nodes, NodeTask task) throws Exception {
        List<Callable<Void>> calls = new ArrayList<>();
        for (Node n : nodes) {
            calls.add(() -> {
                task.run(n);
                return null;
            });
        }
        for (Future<Void> f : pool.invokeAll(calls)) {
            f.get();
        }
    }
}
