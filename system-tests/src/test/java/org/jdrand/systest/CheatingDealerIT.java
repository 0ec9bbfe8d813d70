package org.jdrand.systest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh DKG of 5 over real gRPC: four {@code jdrand start} processes of the jar and one
 * {@link CheatingDealerNode} process (the node's own DKG code, its deal to one member replaced
 * by a share inconsistent with its commitments, its justification withheld). The victim
 * complains, the dealer does not justify, and the ceremony completes without it: the group of
 * the four honest nodes (t = 3) produces a chain that every node serves identically and that
 * verifies. The honest daemons log at DEBUG, and no secret of the ceremony (private keys, shares,
 * the forged deal the victim decrypted) appears in their logs, their files or any command output.
 */
@org.junit.jupiter.api.Tag("faults")
class CheatingDealerIT {
    /** Kept when the test fails: the nodes' logs are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void dkgWithACheatingDealerCompletesWithoutIt() throws Exception {
        // the most verbose logs: --verbose (root logger at DEBUG) and the DKG's own logger at DEBUG
        try (Cluster c = new Cluster(dir, 4, List.of("-Djdrand.dkg.log=DEBUG"), List.of("--verbose"))) {
            NodeProcess slot = new NodeProcess("n5", dir, List.of(), List.of("--insecure"));
            List<NodeProcess> five = new ArrayList<>(c.nodes);
            five.add(slot);
            c.parallel(five, NodeProcess::generateKeypair);
            c.parallel(c.nodes, NodeProcess::start);
            Path cheaterLog = dir.resolve("logs").resolve("n5-cheater.log");
            Process cheater = launch(slot, five, cheaterLog);
            try {
                Awaitility.await("cheater running").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            assertThat(cheater.isAlive()).as("cheater died: " + read(cheaterLog)).isTrue();
                            return read(cheaterLog).contains("jdrand running:");
                        });
                NodeProcess leader = c.nodes.get(0);
                Path proposal = dir.resolve("proposal.toml");
                List<String> gp = new ArrayList<>(List.of("dkg", "generate-proposal", "--insecure", "--out",
                        proposal.toString()));
                five.forEach(n -> gp.addAll(List.of("--joiner", n.address())));
                Jar.ok(Jar.cli(gp.toArray(String[]::new)), "generate-proposal");
                Jar.ok(leader.dkg("init", "--proposal", proposal.toString(), "--threshold", "3", "--period", "2s",
                        "--scheme", "pedersen-bls-chained", "--genesis-delay", "20s"), "dkg init");
                c.parallel(five.subList(1, 5), n -> Jar.ok(n.dkg("join"), n.name + " dkg join"));
                Jar.Result exec = leader.dkg("execute", "--wait", "--wait-timeout", "150s");
                Jar.ok(exec, "dkg execute");
                assertThat(exec.out()).as(exec.all()).contains("group of 4 nodes, threshold 3");

                String log = read(cheaterLog);
                assertThat(log).contains("bundle re-signed").contains("justification withheld");
                for (NodeProcess n : c.nodes) {
                    Group g = new KeyStore(n.folder, KeyStore.DEFAULT_BEACON_ID, new Bls(BlsBackends.bouncyCastle()))
                            .loadGroup();
                    assertThat(g.nodes()).as(n.name + " group").hasSize(4);
                    assertThat(g.member(slot.address())).as(n.name + " group without the cheater").isEmpty();
                }

                noSecretInLogs(c, five, slot);

                c.awaitChain();
                long head = c.maxHead(c.nodes);
                c.awaitHead(c.nodes, head + 3);
                c.assertAllAlive(c.nodes);
                Cluster.Verdict v = c.checkChains(c.nodes);
                System.out.printf("RELIABILITY cheating-dealer group=4 head=%d lost=%d forks=%d crashes=0%n", v.head(),
                        v.roundsLost(), v.forks());
            } finally {
                cheater.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * No secret of the ceremony in any honest daemon's log (at DEBUG) or any command's output:
     * every long-term private key, every share written, and the forged deal the victim decrypted,
     * each as hex, base64 and base64url (whole, and the first half for a shortened print).
     */
    private static void noSecretInLogs(Cluster c, List<NodeProcess> five, NodeProcess slot) throws Exception {
        Bls bls = new Bls(BlsBackends.bouncyCastle());
        List<byte[]> secrets = new ArrayList<>();
        for (NodeProcess n : five) {
            secrets.add(new KeyStore(n.folder, KeyStore.DEFAULT_BEACON_ID, bls).loadKeyPair().secret().toBytes());
        }
        for (NodeProcess n : c.nodes) {
            secrets.add(new KeyStore(n.folder, KeyStore.DEFAULT_BEACON_ID, bls).loadShare().share().toBytes());
        }
        secrets.add(org.jdrand.crypto.Hex.decode(read(slot.folder.resolve(CheatingDealerNode.FORGED_SHARE_FILE)).trim()));
        StringBuilder seen = new StringBuilder();
        for (NodeProcess n : c.nodes) {
            seen.append(n.allLogs());
            // and every file it wrote but its two secret files and the chain store (dkg.json, group, public key)
            try (java.util.stream.Stream<Path> files = Files.walk(n.folder)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String name = f.getFileName().toString();
                    if (!name.endsWith(".private") && !name.contains(".sqlite")) {
                        seen.append(read(f));
                    }
                }
            }
        }
        assertThat(seen.toString()).as("daemon logs at debug").contains("DEBUG");
        Jar.OUTPUTS.forEach(seen::append);
        String text = seen.toString();
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        for (byte[] s : secrets) {
            assertThat(s).hasSize(32);
            String hex = org.jdrand.crypto.Hex.encode(s);
            byte[] half = java.util.Arrays.copyOf(s, 16);
            for (String form : List.of(hex, hex.substring(0, 32))) {
                assertThat(lower).as("a secret (hex) in logs or command output").doesNotContain(form);
            }
            for (byte[] b : List.of(s, half)) {
                for (String form : List.of(java.util.Base64.getEncoder().withoutPadding().encodeToString(b),
                        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b))) {
                    assertThat(text).as("a secret (base64) in logs or command output").doesNotContain(form);
                }
            }
        }
    }

    /** The cheating dealer's JVM: this test's classpath, the slot's folder and ports, every participant's folder. */
    private static Process launch(NodeProcess slot, List<NodeProcess> all, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                CheatingDealerNode.class.getName(), slot.folder.toString(), Integer.toString(slot.privatePort),
                slot.control()));
        all.forEach(n -> cmd.add(n.folder.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        return p;
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
