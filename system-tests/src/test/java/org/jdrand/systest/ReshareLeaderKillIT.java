package org.jdrand.systest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.node.key.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reshare of a running group of 5 whose leader is killed with SIGKILL after every member
 * accepted and before it executes: the chain goes on with the 4 others, each of them ends the
 * ceremony as {@code TimedOut} at the proposal's timeout (its {@code jdrand dkg status} says so),
 * the leader restarted with its own command line finds its copy timed out too, and a second
 * reshare by the same leader completes (epoch 2, threshold 4). The chain crosses the transition
 * under the same group key with no gap or fork on any node.
 */
@org.junit.jupiter.api.Tag("faults")
class ReshareLeaderKillIT {
    /** Kept when the test fails: the nodes' logs are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void reshareInterruptedByKillingTheLeaderEndsTimedOutAndCanBeRetried() throws Exception {
        try (Cluster c = new Cluster(dir, 5)) {
            Cluster.Info info = c.setUp(3, 2, 20);
            NodeProcess leader = c.nodes.get(0);
            List<NodeProcess> others = c.nodes.subList(1, 5);

            Jar.ok(leader.dkg("reshare", "--proposal", proposal(c, "reshare-1.toml").toString(), "--threshold", "4",
                    "--timeout", "60s"), "reshare");
            c.parallel(others, n -> Jar.ok(n.dkg("accept"), n.name + " accept"));
            leader.kill9();

            long before = c.maxHead(others);
            for (NodeProcess n : others) {
                Awaitility.await(n.name + " reshare timed out").atMost(Cluster.LONG).pollInterval(Duration.ofSeconds(2))
                        .until(() -> n.dkg("status").out().contains("current:  state=TimedOut epoch=2"));
            }
            c.awaitHead(others, before + 2);

            leader.start();
            Awaitility.await("leader's own copy timed out").atMost(Cluster.LONG).pollInterval(Duration.ofSeconds(2))
                    .until(() -> leader.dkg("status").out().contains("current:  state=TimedOut epoch=2"));
            c.awaitCaughtUp(leader, others);

            // the retry
            Jar.ok(leader.dkg("reshare", "--proposal", proposal(c, "reshare-2.toml").toString(), "--threshold", "4",
                    "--timeout", "3m"), "second reshare");
            c.parallel(others, n -> Jar.ok(n.dkg("accept"), n.name + " accept"));
            Jar.Result exec = leader.dkg("execute", "--wait", "--wait-timeout", "150s");
            Jar.ok(exec, "execute the second reshare");
            assertThat(exec.out()).contains("DKG complete: epoch 2, group of 5 nodes, threshold 4");

            String group = Files.readString(new KeyStore(leader.folder, KeyStore.DEFAULT_BEACON_ID,
                    new Bls(BlsBackends.bouncyCastle())).groupFile());
            assertThat(group).contains("Threshold = 4");
            long transitionTime = Long.parseLong(group.lines().filter(l -> l.startsWith("TransitionTime")).findFirst()
                    .orElseThrow().replaceAll("\\D", ""));
            long transitionRound = (transitionTime - info.genesisTime()) / info.period() + 1;
            c.awaitHead(c.nodes, transitionRound + 2);
            for (NodeProcess n : c.nodes) {
                assertThat(Hex.encode(c.fetchInfo(n).orElseThrow().publicKey())).as(n.name + " group key")
                        .isEqualTo(Hex.encode(info.publicKey()));
            }
            c.assertAllAlive(c.nodes);
            Cluster.Verdict v = c.checkChains(c.nodes);
            assertThat(v.head()).isGreaterThanOrEqualTo(transitionRound + 2);
            System.out.printf("RELIABILITY reshare-leader-kill transition=%d head=%d lost=%d forks=%d crashes=0%n",
                    transitionRound, v.head(), v.roundsLost(), v.forks());
        }
    }

    /** A reshare proposal keeping all five nodes. */
    private static Path proposal(Cluster c, String name) throws Exception {
        Path p = c.base.resolve(name);
        List<String> gp = new ArrayList<>(List.of("dkg", "generate-proposal", "--insecure", "--out", p.toString()));
        c.nodes.forEach(n -> gp.addAll(List.of("--remainer", n.address())));
        Jar.ok(Jar.cli(gp.toArray(String[]::new)), "generate-proposal " + name);
        return p;
    }
}
