package org.jdrand.systest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * n = 5, t = 3, period 1 s. One node's folder (keys, group, chain store) on a tmpfs of 8 MiB that
 * the test fills: the node stops appending with a clear error, keeps running and serving every
 * round it holds, loses none; when the filler is deleted it catches up, with no gap and no fork.
 */
@org.junit.jupiter.api.Tag("faults")
class DiskFullIT {
    private static final int ROUNDS_FULL = 8;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void nodeWithAFullDiskStopsAppendingServesWhatItHasAndRecovers() throws Exception {
        Cluster cluster = new Cluster(dir, 5);
        NodeProcess full = cluster.nodes.get(4);
        StringBuilder why = new StringBuilder();
        Tmpfs mounted = Tmpfs.mount(full.folder, "8m", why);
        if (mounted == null) {
            cluster.close();
        }
        Assumptions.assumeTrue(mounted != null, "disk full scenario skipped: " + why);
        try (Tmpfs disk = mounted; Cluster c = cluster) {
            c.setUp(3, 1, 20);
            List<NodeProcess> others = c.nodes.subList(0, 4);
            c.awaitHead(c.nodes, 3);
            long filled = disk.fill();
            long fullAt = c.head(full);
            Awaitility.await(ROUNDS_FULL + " rounds with " + full.name + "'s disk full").atMost(Cluster.LONG)
                    .pollInterval(Duration.ofMillis(250)).until(() -> c.maxHead(others) >= fullAt + ROUNDS_FULL);
            // it stopped appending (the round in flight may have made it), says why, and still serves what it has
            long stuck = c.head(full);
            assertThat(stuck).as(full.name + " head with its disk full (full at " + fullAt + ")")
                    .isLessThanOrEqualTo(fullAt + 1);
            assertThat(full.alive()).as(full.name + " alive with a full disk: " + full.logText()).isTrue();
            assertThat(full.logText()).as(full.name + " log").contains("no space left on device");
            Cluster.Verdict during = c.checkChains(c.nodes);
            assertThat(during.head()).isEqualTo(stuck);

            disk.free();
            c.awaitCaughtUp(full, others);
            long back = c.maxHead(others);
            c.awaitHead(c.nodes, back + 1);
            c.assertAllAlive(c.nodes);
            Cluster.Verdict v = c.checkChains(c.nodes);
            System.out.printf("RELIABILITY disk-full filler=%d bytes full-at=%d stuck-at=%d others-at=%d head=%d lost=%d "
                    + "forks=%d crashes=0%n", filled, fullAt, stuck, back, v.head(), v.roundsLost(), v.forks());
        }
    }
}
