package org.jdrand.systest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of one node at a random moment, then a restart with its own command line: it comes
 * back, its store is consistent and it catches up. Every third cycle kills the restarted node
 * again while it catches up (it was down for several rounds). {@code -Dtorture.cycles=N} (default
 * 5 in CI); the seed is printed so that a failing run can be repeated with {@code -Dtorture.seed}.
 */
class KillRestartIT {
    @TempDir
    Path dir;

    @Test
    void killNineAtRandomMomentsAndRestart() {
        int cycles = Integer.getInteger("torture.cycles", 5);
        // bounded, but by the run's size: a fixed @Timeout cut a 500-cycle run short after 40 minutes
        // (about 170 cycles in, at a load of 40); a cycle takes ~9 s on an idle machine, 60 s is the bound
        assertTimeoutPreemptively(Duration.ofMinutes(10).plusSeconds(60L * cycles), () -> torture(cycles));
    }

    private void torture(int cycles) throws Exception {
        long seed = Long.getLong("torture.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("kill -9 torture: " + cycles + " cycles, seed " + seed);
        try (Cluster c = new Cluster(dir, 5)) {
            Cluster.Info info = c.setUp(3, 2, 25);
            long periodMs = info.period() * 1000L;
            int duringCatchUp = 0;
            for (int i = 1; i <= cycles; i++) {
                NodeProcess victim = c.nodes.get(random.nextInt(c.nodes.size()));
                List<NodeProcess> others = c.nodes.stream().filter(n -> n != victim).toList();
                // a random moment within a round: before, during or after its partials and append
                killAfter(victim, random.nextLong(periodMs));
                long down = c.maxHead(others);
                if (i % 3 == 0) {
                    // let it fall a few rounds behind, then kill it again in the middle of its catch-up
                    Awaitility.await("chain moves on without " + victim.name).atMost(Cluster.LONG)
                            .until(() -> c.maxHead(others) >= down + 3);
                    victim.launch();
                    Awaitility.await(victim.name + " restarting").atMost(Cluster.LONG).pollInterval(Duration.ofMillis(50))
                            .until(() -> victim.logText().contains("jdrand running:"));
                    killAfter(victim, random.nextLong(periodMs));
                    duringCatchUp++;
                }
                victim.start();
                c.awaitCaughtUp(victim, others);
                c.assertAllAlive(c.nodes);
                if (i % 10 == 0 || i == cycles) {
                    // progress for long runs by hand (-Dtorture.cycles=500 takes over an hour)
                    System.out.printf("kill -9 torture: cycle %d of %d survived (%d mid-catch-up), head %d%n", i, cycles,
                            duringCatchUp, c.maxHead(c.nodes));
                }
            }
            // the chain kept going through every cycle, and every node holds all of it
            long before = c.maxHead(c.nodes);
            c.awaitHead(c.nodes, before + 1);
            Cluster.Verdict v = c.checkChains(c.nodes);
            assertThat(v.head()).isGreaterThan(cycles);
            System.out.printf("RELIABILITY kill-9-restart cycles=%d (of which mid-catch-up %d) survived=%d head=%d "
                    + "lost=%d forks=%d crashes=0%n", cycles, duringCatchUp, cycles, v.head(), v.roundsLost(), v.forks());
        }
    }

    /** kill -9 at a random moment of the round (the fault under test), timed by a scheduler. */
    private static void killAfter(NodeProcess victim, long millis) throws Exception {
        java.util.concurrent.ScheduledExecutorService killer = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor();
        try {
            killer.schedule(() -> {
                victim.kill9();
                return null;
            }, millis, java.util.concurrent.TimeUnit.MILLISECONDS).get(1, java.util.concurrent.TimeUnit.MINUTES);
        } finally {
            killer.shutdownNow();
        }
    }
}
