package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.node.cli.JdrandNodes.Node;
import org.jdrand.node.cli.JdrandNodes.Result;
import org.jdrand.proto.drand.ChainInfoPacket;
import org.jdrand.proto.drand.PublicRandResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's path end to end, with real {@code java -jar} processes on loopback: key pairs,
 * daemons, a DKG driven only through the CLI, a chain from genesis served identically by every
 * node and verified by {@code jdrand verify}; then a reshare (2 joiners, 1 leaver, new threshold)
 * across which the chain and group key continue, and a restarted node catching up. Once over
 * plaintext, once over TLS with test-made certificates. Separately, a participant going offline
 * before execution (the DKG completes without it) and an unreachable invitee (the proposal ends
 * Aborted on every reachable node).
 */
class CeremonyIT {
    private static final Duration LONG = Duration.ofSeconds(120);
    private final ExecutorService pool = Executors.newFixedThreadPool(3);
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
    void dkgChainReshareAndRestartOverPlaintext() throws Exception {
        net = new JdrandNodes(dir, List.of("--insecure"), List.of(), InsecureChannelCredentials.create(), "5s");
        operatorJourney();
    }

    @Test
    void dkgChainReshareAndRestartOverTls() throws Exception {
        TestCertificates tls = TestCertificates.create(dir);
        net = new JdrandNodes(dir, List.of("--tls-ca", tls.ca.toString()),
                List.of("--tls-cert", tls.cert.toString(), "--tls-key", tls.key.toString()),
                TlsChannelCredentials.newBuilder().trustManager(tls.ca.toFile()).build(), "5s");
        operatorJourney();
        // a plaintext client is refused by a TLS listener: nothing falls back silently
        Result plain = JdrandNodes.cli("dkg", "generate-proposal", "--insecure", "--joiner",
                net.nodes.get(0).address(), "--out", dir.resolve("plain.toml").toString());
        assertThat(plain.code()).as(plain.all()).isNotZero();
    }

    private void operatorJourney() throws Exception {
        List<Node> first = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            first.add(net.add("n" + i));
        }
        parallel(first, Node::generateKeypair);
        parallel(first, Node::start);
        Node leader = first.get(0);
        // the public HTTP API binds at start: before the DKG it says there is no chain yet
        java.net.http.HttpResponse<String> early = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(leader.httpUrl() + "/public/latest")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(early.statusCode()).isEqualTo(503);
        assertThat(early.body()).contains("no chain yet");

        // ---- fresh DKG, exactly as operators run it
        Path proposal = dir.resolve("proposal.toml");
        List<String> gp = new ArrayList<>(List.of("dkg", "generate-proposal", "--out", proposal.toString()));
        first.forEach(n -> gp.addAll(List.of("--joiner", n.address())));
        gp.addAll(net.dialFlags);
        ok(JdrandNodes.cli(gp.toArray(String[]::new)));
        ok(leader.dkg("init", "--proposal", proposal.toString(), "--threshold", "3", "--period", "1s",
                "--scheme", "pedersen-bls-chained", "--genesis-delay", "30s"));
        parallel(first.subList(1, 5), n -> ok(n.dkg("join")));
        Result exec = leader.dkg("execute", "--wait", "--wait-timeout", "90s");
        ok(exec);
        assertThat(exec.out()).contains("DKG complete: epoch 1, group of 5 nodes, threshold 3");
        assertThat(leader.dkgState()).isEqualTo("Complete");
        for (Node n : first) {
            assertThat(n.dkgStateRpc("default")).as(n.name).isEqualTo("Complete");
            assertThat(Files.readString(n.groupFile())).isEqualTo(Files.readString(leader.groupFile()));
        }

        // drand's DKG metrics (over drand.Metrics on the private listener): the leader led epoch 1, n2 did not
        assertThat(leader.metrics()).contains("dkg_state{beacon_id=\"default\"} 7.0")
                .contains("dkg_epoch{beacon_id=\"default\"} 1.0").contains("dkg_leader{beacon_id=\"default\"} 1.0")
                .contains("reshare_state{beacon_id=\"default\"} 0.0");
        assertThat(first.get(1).metrics()).contains("dkg_state{beacon_id=\"default\"} 7.0")
                .contains("dkg_leader{beacon_id=\"default\"} 0.0");

        // ---- the chain starts at genesis and every node serves the same verifying beacons
        ChainInfoPacket info = leader.chainInfo();
        Scheme scheme = Scheme.byId(info.getSchemeID());
        String groupKey = Hex.encode(info.getPublicKey().toByteArray());
        awaitRound(first, 3);
        sameBeacons(first, 1, 3);
        verifyWithCli(leader.beacon(3), groupKey, scheme);
        String chainHash = Hex.encode(info.getHash().toByteArray());
        Result got = JdrandNodes.cli("get", "public", "--url", first.get(2).httpUrl(), "--chain-hash", chainHash,
                "--round", "3");
        ok(got);
        assertThat(got.out()).contains("round 3 verified");
        ok(JdrandNodes.cli("get", "chain-info", "--url", first.get(1).httpUrl()));

        // ---- reshare: n6 and n7 join, n5 leaves, threshold 3 -> 4
        Node n6 = net.add("n6");
        Node n7 = net.add("n7");
        List<Node> joiners = List.of(n6, n7);
        parallel(joiners, Node::generateKeypair);
        parallel(joiners, Node::start);
        Node leaver = first.get(4);
        List<Node> remainers = first.subList(0, 4);
        Path reshare = dir.resolve("reshare.toml");
        List<String> rp = new ArrayList<>(List.of("dkg", "generate-proposal", "--out", reshare.toString()));
        remainers.forEach(n -> rp.addAll(List.of("--remainer", n.address())));
        joiners.forEach(n -> rp.addAll(List.of("--joiner", n.address())));
        rp.addAll(List.of("--leaver", leaver.address()));
        rp.addAll(net.dialFlags);
        ok(JdrandNodes.cli(rp.toArray(String[]::new)));
        ok(leader.dkg("reshare", "--proposal", reshare.toString(), "--threshold", "4"));
        Path oldGroup = dir.resolve("group-epoch1.toml");
        ok(JdrandNodes.cli("show", "group", "--control", leader.control(), "--out", oldGroup.toString()));
        org.jdrand.node.key.KeyStore ks = new org.jdrand.node.key.KeyStore(dir, "default",
                new org.jdrand.crypto.bls.Bls(BlsBackends.bouncyCastle()));
        assertThat(ks.parseGroup("shown", Files.readString(oldGroup)))
                .isEqualTo(ks.parseGroup("file", Files.readString(leader.groupFile())));
        List<Callable<Void>> answers = new ArrayList<>();
        remainers.subList(1, 4).forEach(n -> answers.add(() -> {
            ok(n.dkg("accept"));
            return null;
        }));
        joiners.forEach(n -> answers.add(() -> {
            ok(n.dkg("join", "--group", oldGroup.toString()));
            return null;
        }));
        runAll(answers);
        Result reExec = leader.dkg("execute", "--wait", "--wait-timeout", "90s");
        ok(reExec);
        assertThat(reExec.out()).contains("DKG complete: epoch 2, group of 6 nodes, threshold 4");
        List<Node> second = new ArrayList<>(remainers);
        second.addAll(joiners);
        for (Node n : second) {
            assertThat(n.dkgStateRpc("default")).as(n.name).isEqualTo("Complete");
        }
        assertThat(leaver.dkgState()).isEqualTo("Left");
        assertThat(leader.metrics()).contains("dkg_state{beacon_id=\"default\"} 7.0")
                .contains("dkg_epoch{beacon_id=\"default\"} 2.0").contains("reshare_leader{beacon_id=\"default\"} 1.0")
                .contains("reshare_state{beacon_id=\"default\"} 0.0");
        assertThat(n7.metrics()).contains("dkg_epoch{beacon_id=\"default\"} 2.0")
                .contains("dkg_leader{beacon_id=\"default\"} 0.0");
        assertThat(leaver.metrics()).contains("dkg_state{beacon_id=\"default\"} 10.0"); // Left
        String newGroup = Files.readString(leader.groupFile());
        assertThat(newGroup).contains("Threshold = 4").contains("Address = \"" + n7.address() + "\"")
                .doesNotContain("Address = \"" + leaver.address() + "\"");
        long transitionTime = Long.parseLong(newGroup.lines().filter(l -> l.startsWith("TransitionTime"))
                .findFirst().orElseThrow().replaceAll("\\D", ""));
        long transitionRound = (transitionTime - info.getGenesisTime()) / info.getPeriod() + 1;

        // ---- the chain continues across the transition, under the same group key, on old and new nodes
        awaitRound(second, transitionRound + 2);
        for (Node n : second) {
            assertThat(Hex.encode(n.chainInfo().getPublicKey().toByteArray())).as(n.name).isEqualTo(groupKey);
        }
        sameBeacons(second, transitionRound - 1, transitionRound + 2);
        verifyWithCli(leader.beacon(transitionRound), groupKey, scheme);
        Awaitility.await("joiner serves HTTP after its DKG").atMost(LONG).pollInterval(Duration.ofSeconds(1))
                .until(() -> JdrandNodes.cli("get", "public", "--url", n7.httpUrl(), "--chain-hash", chainHash,
                        "--round", Long.toString(transitionRound)).code() == 0);
        verifyChain(leader, groupKey, scheme, transitionRound + 2);
        Awaitility.await("leaver deletes its share").atMost(LONG).until(() -> !Files.exists(leaver.shareFile()));

        // ---- a node restarted after the reshare catches up
        Node restarted = remainers.get(2);
        restarted.stop();
        long before = leader.latestRound();
        Awaitility.await("chain moves on without it").atMost(LONG).until(() -> leader.latestRound() >= before + 3);
        restarted.start();
        Awaitility.await(restarted.name + " caught up").atMost(LONG).pollInterval(Duration.ofMillis(500))
                .until(() -> restarted.latestRound() >= leader.latestRound() - 1 && restarted.latestRound() > before + 3);
        long r = restarted.latestRound();
        assertThat(restarted.beacon(r).getSignature()).isEqualTo(leader.beacon(r).getSignature());
        assertThat(restarted.logText()).contains("beacons [default]");
    }

    @Test
    void offlineParticipantIsLeftOutAndUnreachableInviteeAbortsEverywhere() throws Exception {
        net = new JdrandNodes(dir, List.of("--insecure"), List.of(), InsecureChannelCredentials.create(), "3s");
        List<Node> nodes = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d")) {
            nodes.add(net.add(name));
        }
        parallel(nodes, Node::generateKeypair);
        parallel(nodes, n -> ok(JdrandNodes.cli("generate-keypair", "--folder", n.folder.toString(), "--id", "second",
                n.address())));
        parallel(nodes, Node::start);
        Node leader = nodes.get(0);
        Node offline = nodes.get(3);
        Path p1 = dir.resolve("p1.toml");
        Path p2 = dir.resolve("p2.toml");
        List<String> gp1 = new ArrayList<>(List.of("dkg", "generate-proposal", "--insecure", "--out", p1.toString()));
        List<String> gp2 = new ArrayList<>(List.of("dkg", "generate-proposal", "--insecure", "--id", "second", "--out",
                p2.toString()));
        nodes.forEach(n -> {
            gp1.addAll(List.of("--joiner", n.address()));
            gp2.addAll(List.of("--joiner", n.address()));
        });
        ok(JdrandNodes.cli(gp1.toArray(String[]::new)));
        ok(JdrandNodes.cli(gp2.toArray(String[]::new)));

        // d joins, then crashes before the execution: the DKG completes without it (t = 3 of 4)
        ok(leader.dkg("init", "--proposal", p1.toString(), "--threshold", "3", "--period", "1s", "--genesis-delay",
                "40s"));
        parallel(nodes.subList(1, 4), n -> ok(n.dkg("join")));
        offline.daemon.destroyForcibly().waitFor();
        Result exec = leader.dkg("execute", "--wait", "--wait-timeout", "90s");
        ok(exec);
        assertThat(exec.out()).contains("group of 3 nodes, threshold 3");
        for (Node n : nodes.subList(0, 3)) {
            assertThat(n.dkgStateRpc("default")).as(n.name).isEqualTo("Complete");
            assertThat(Files.readString(n.groupFile())).doesNotContain(offline.address());
        }
        awaitRound(nodes.subList(0, 3), 2);
        sameBeacons(nodes.subList(0, 3), 1, 2);

        // an invitee that cannot be reached: the command fails clearly and no node is left hanging
        assertThat(state(nodes.get(1), "second")).isEqualTo("Fresh");
        Result init = leader.dkg("init", "--id", "second", "--proposal", p2.toString(), "--threshold", "3",
                "--period", "1s", "--genesis-delay", "40s");
        assertThat(init.code()).isEqualTo(1);
        assertThat(init.err()).contains(offline.address()).contains("aborted on every reachable node");
        for (Node n : nodes.subList(0, 3)) {
            Awaitility.await(n.name + " aborted").atMost(LONG).pollInterval(Duration.ofMillis(500))
                    .until(() -> n.dkgStateRpc("second"), s -> s.equals("Aborted"));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String state(Node n, String id) throws Exception {
        Result r = n.dkg("status", "--format", "csv", "--id", id);
        assertThat(r.code()).as(r.all()).isZero();
        return r.out().lines().filter(l -> l.startsWith("current,")).findFirst().orElseThrow().split(",", -1)[2];
    }

    private static void ok(Result r) {
        assertThat(r.code()).as("exit code; output: " + r.all()).isZero();
    }

    private static void awaitRound(List<Node> nodes, long round) {
        for (Node n : nodes) {
            Awaitility.await(n.name + " at round " + round).atMost(LONG).pollInterval(Duration.ofMillis(500))
                    .until(() -> n.latestRound() >= round);
        }
    }

    private static void sameBeacons(List<Node> nodes, long from, long to) {
        for (long r = from; r <= to; r++) {
            PublicRandResponse ref = nodes.get(0).beacon(r);
            assertThat(ref.getRound()).isEqualTo(r);
            for (Node n : nodes) {
                PublicRandResponse b = n.beacon(r);
                assertThat(b.getSignature()).as(n.name + " round " + r).isEqualTo(ref.getSignature());
                assertThat(b.getPreviousSignature()).as(n.name + " round " + r).isEqualTo(ref.getPreviousSignature());
            }
        }
    }

    /** Every round from 1 to {@code upTo} is served, chained and valid under the group key. */
    private static void verifyChain(Node n, String groupKey, Scheme scheme, long upTo) {
        BeaconVerifier v = new BeaconVerifier(BlsBackends.bouncyCastle(), scheme, Hex.decode(groupKey));
        byte[] prev = null;
        for (long r = 1; r <= upTo; r++) {
            PublicRandResponse b = n.beacon(r);
            Beacon beacon = new Beacon(r, b.getSignature().toByteArray(), b.getPreviousSignature().toByteArray());
            assertThat(v.isValid(beacon)).as("round " + r).isTrue();
            if (prev != null) {
                assertThat(b.getPreviousSignature().toByteArray()).as("round " + r + " chained").isEqualTo(prev);
            }
            prev = b.getSignature().toByteArray();
        }
    }

    private static void verifyWithCli(PublicRandResponse b, String groupKey, Scheme scheme) throws Exception {
        Result r = JdrandNodes.cli("verify", "--public-key", groupKey, "--scheme", scheme.id(), "--round",
                Long.toString(b.getRound()), "--signature", Hex.encode(b.getSignature().toByteArray()),
                "--previous-signature", Hex.encode(b.getPreviousSignature().toByteArray()));
        assertThat(r.code()).as("jdrand verify: " + r.all()).isZero();
        assertThat(r.out()).contains("round " + b.getRound() + " ok");
    }

    interface NodeTask {
        void run(Node n) throws Exception;
    }

    private void parallel(List<Node> nodes, NodeTask task) throws Exception {
        List<Callable<Void>> calls = new ArrayList<>();
        nodes.forEach(n -> calls.add(() -> {
            task.run(n);
            return null;
        }));
        runAll(calls);
    }

    private void runAll(List<Callable<Void>> calls) throws Exception {
        List<Future<Void>> fs = new ArrayList<>();
        calls.forEach(c -> fs.add(pool.submit(c)));
        for (Future<Void> f : fs) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof Exception ex) {
                    throw ex;
                }
                throw (Error) e.getCause();
            }
        }
    }
}
