package org.jdrand.systest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * n = 5, t = 3, each node in its own network namespace ({@link Netns}). Partition 2 | 3: the side
 * of 3 holds the threshold and goes on, the side of 2 halts; heal: the 2 catch up. Then 1 | 4: the
 * 4 go on, the lone node halts; heal: it catches up. No fork anywhere, every round on every node.
 */
@org.junit.jupiter.api.Tag("faults")
class NetworkPartitionIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void partitionTwoThreeThenOneFourThenHeal() throws Exception {
        String why = Netns.unavailableReason();
        Assumptions.assumeTrue(why == null, "network partition scenario skipped: " + why);
        try (Netns net = new Netns(5); Cluster c = new Cluster(dir, 5, List.of(), List.of(), net)) {
            Cluster.Info info = c.setUp(3, 1, 20);
            StringBuilder report = new StringBuilder();
            report.append(partition(c, net, info, List.of(4, 5), List.of(1, 2, 3)));
            report.append(partition(c, net, info, List.of(1), List.of(2, 3, 4, 5)));
            c.assertAllAlive(c.nodes);
            Cluster.Verdict v = c.checkChains(c.nodes);
            System.out.printf("RELIABILITY partition %s head=%d lost=%d forks=%d crashes=0%n", report, v.head(),
                    v.roundsLost(), v.forks());
        }
    }

    /** Cuts {@code minority} from {@code majority} for 8 periods, checks who went on, heals, waits for the catch-up. */
    private static String partition(Cluster c, Netns net, Cluster.Info info, List<Integer> minority,
            List<Integer> majority) throws Exception {
        List<NodeProcess> small = minority.stream().map(i -> c.nodes.get(i - 1)).toList();
        List<NodeProcess> large = majority.stream().map(i -> c.nodes.get(i - 1)).toList();
        net.partition(minority, majority);
        long cutAt = c.maxHead(c.nodes);
        Instant from = Instant.now();
        long rounds = 8;
        Awaitility.await("majority " + majority + " goes on").atMost(Cluster.LONG).pollInterval(Duration.ofMillis(250))
                .until(() -> c.maxHead(large) >= cutAt + rounds);
        // the majority kept the pace of the clock: it went on, not merely finished a round in flight
        assertThat(Duration.between(from, Instant.now()).toSeconds())
                .as("time for %d rounds on the side of %d", rounds, majority.size())
                .isLessThan(rounds * info.period() + 30);
        long minorityHead = c.maxHead(small);
        // the round in flight when the cut came may complete on the minority; nothing after it
        assertThat(minorityHead).as("minority " + minority + " head while cut off (cut at " + cutAt + ")")
                .isLessThanOrEqualTo(cutAt + 1);
        long majorityHead = c.maxHead(large);
        c.checkChains(large);
        net.heal();
        for (NodeProcess n : small) {
            c.awaitCaughtUp(n, large);
        }
        Awaitility.await("all past the heal").atMost(Cluster.LONG).pollInterval(Duration.ofMillis(250))
                .until(() -> c.nodes.stream().allMatch(n -> c.head(n) > majorityHead));
        return String.format("[%s|%s cut-at=%d minority-head=%d majority-head=%d] ", minority, majority, cutAt,
                minorityHead, majorityHead);
    }
}
