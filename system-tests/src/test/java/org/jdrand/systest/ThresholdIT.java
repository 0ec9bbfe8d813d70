package org.jdrand.systest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * n = 5, t = 3. Any 2 nodes down (kill -9): the other 3 produce every round on time. A third
 * down: the chain halts (2 partials cannot make a signature). The 3 return: the chain resumes at
 * the last round + 1, catches up to the clock, with no gap and no fork on any node.
 */
class ThresholdIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void twoDownNoMissedRoundThreeDownHaltsThenResumes() throws Exception {
        try (Cluster c = new Cluster(dir, 5)) {
            Cluster.Info info = c.setUp(3, 2, 25);
            List<NodeProcess> down = List.of(c.nodes.get(1), c.nodes.get(3));
            List<NodeProcess> up = List.of(c.nodes.get(0), c.nodes.get(2), c.nodes.get(4));
            for (NodeProcess n : down) {
                n.kill9();
            }
            // every round on time with 3 of 5: the head never falls behind the clock by more than the
            // round being signed now (sampled over 6 periods)
            long from = c.maxHead(up);
            AtomicLong worstLag = new AtomicLong();
            Awaitility.await("6 rounds with 2 nodes down").atMost(Cluster.LONG).pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        long head = c.maxHead(up);
                        worstLag.accumulateAndGet(info.expectedRound(Instant.now()) - head, Math::max);
                        return head >= from + 6;
                    });
            assertThat(worstLag.get()).as("rounds behind the clock with 2 of 5 down").isLessThanOrEqualTo(1);
            c.checkChains(up);

            // a third down: below the threshold, no round can be signed
            NodeProcess third = up.get(2);
            third.kill9();
            List<NodeProcess> two = up.subList(0, 2);
            long stalled = c.maxHead(two);
            Instant haltFrom = Instant.now();
            Awaitility.await("4 periods with 3 nodes down").atMost(Cluster.LONG).pollInterval(Duration.ofMillis(300))
                    .until(() -> Duration.between(haltFrom, Instant.now()).toSeconds() >= 4L * info.period());
            long halted = c.maxHead(two);
            // the round in flight when the third node died may still complete; nothing after it
            assertThat(halted).as("head while 3 of 5 are down").isLessThanOrEqualTo(stalled + 1);
            long haltedClock = info.expectedRound(Instant.now());
            assertThat(haltedClock).as("the clock moved on past the halted head").isGreaterThan(halted + 2);

            // they return: the chain resumes at halted + 1 and catches up with the clock
            c.parallel(List.of(down.get(0), down.get(1), third), NodeProcess::start);
            Awaitility.await("chain resumes and catches up").atMost(Cluster.LONG).pollInterval(Duration.ofMillis(300))
                    .until(() -> c.maxHead(c.nodes) >= info.expectedRound(Instant.now()) - 1);
            for (NodeProcess n : c.nodes) {
                c.awaitCaughtUp(n, c.nodes);
            }
            c.assertAllAlive(c.nodes);
            Cluster.Verdict v = c.checkChains(c.nodes);
            assertThat(v.head()).isGreaterThan(haltedClock);
            System.out.printf("RELIABILITY threshold two-down-worst-lag=%d halted-at=%d resumed-to=%d lost=%d forks=%d "
                    + "crashes=0%n", worstLag.get(), halted, v.head(), v.roundsLost(), v.forks());
        }
    }
}
