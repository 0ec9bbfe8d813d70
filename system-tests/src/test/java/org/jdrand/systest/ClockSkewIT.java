package org.jdrand.systest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * n = 5, t = 3, period 2 s. One node's wall clock set wrong with libfaketime ({@link Faketime}),
 * restarted with its own command line: +1 period, -1 period, +10 s, -10 s in turn. The group keeps
 * producing every round on time; in the end the node, back on the right time, holds the same
 * chain as the others.
 */
@org.junit.jupiter.api.Tag("faults")
class ClockSkewIT {
    private static final int PERIOD = 2;
    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void groupKeepsProducingWithOneNodeSkewed() throws Exception {
        Optional<Path> lib = Faketime.library();
        Assumptions.assumeTrue(lib.isPresent(), "clock skew scenario skipped: libfaketime not installed "
                + "(apt-get install faketime)");
        try (Cluster c = new Cluster(dir, 5)) {
            Cluster.Info info = c.setUp(3, PERIOD, 20);
            NodeProcess skewed = c.nodes.get(4);
            List<NodeProcess> others = c.nodes.subList(0, 4);
            StringBuilder report = new StringBuilder();
            for (long offset : new long[] {PERIOD, -PERIOD, 10, -10}) {
                skewed.terminate();
                skewed.environment(Faketime.offset(lib.get(), offset));
                skewed.start();
                long measured = skewed.clockOffsetMillis();
                assertThat(measured).as(skewed.name + "'s clock offset (ms) under FAKETIME %+ds; log: %s", offset,
                                skewed.logText())
                        .isBetween(offset * 1000 - 1200, offset * 1000 + 1200);
                assertSkewReported(skewed, others.get(0), offset);
                // the group: every round on time (never more than the round being signed behind the clock)
                long from = c.maxHead(others);
                AtomicLong worstLag = new AtomicLong();
                Awaitility.await(ROUNDS + " rounds with " + skewed.name + " at " + offset + " s")
                        .atMost(Cluster.LONG).pollInterval(Duration.ofMillis(300)).until(() -> {
                            long head = c.maxHead(others);
                            worstLag.accumulateAndGet(info.expectedRound(Instant.now()) - head, Math::max);
                            return head >= from + ROUNDS;
                        });
                assertThat(worstLag.get()).as("group rounds behind the clock, one node at %+d s", offset)
                        .isLessThanOrEqualTo(1);
                c.assertAllAlive(c.nodes);
                long skewedLag = c.maxHead(others) - c.head(skewed);
                c.checkChains(c.nodes);
                report.append(String.format("[%+ds measured=%dms group-lag=%d skewed-node-behind=%d] ", offset, measured,
                        worstLag.get(), skewedLag));
            }
            // back on the machine's time: it holds every round the others hold
            skewed.terminate();
            skewed.environment(Map.of());
            skewed.start();
            c.awaitCaughtUp(skewed, others);
            c.assertAllAlive(c.nodes);
            Cluster.Verdict v = c.checkChains(c.nodes);
            // and once right again, it reports its clock in line with its peers'
            Awaitility.await(skewed.name + "'s skew back under 1 s").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500)).until(() -> Math.abs(skew(skewed.metricsText(),
                            "jdrand_clock_skew_seconds")) < 1.0);
            System.out.printf("RELIABILITY clock-skew %s head=%d lost=%d forks=%d crashes=0%n", report, v.head(),
                    v.roundsLost(), v.forks());
        }
    }

    /**
     * The skewed node exports the skew as a metric and logs it; a peer sees it too. Peer minus local:
     * a node whose clock is ahead by {@code offset} sees its peers at {@code -offset}.
     */
    private static void assertSkewReported(NodeProcess skewed, NodeProcess peer, long offset) {
        String skewedAddress = skewed.host + ":" + skewed.privatePort;
        Awaitility.await(skewed.name + " at " + offset + " s: skew metrics").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    assertThat(skew(skewed.metricsText(), "jdrand_clock_skew_seconds")).as("%s's median skew",
                            skewed.name).isCloseTo(-offset, org.assertj.core.data.Offset.offset(1.0));
                    assertThat(skew(peer.metricsText(), "jdrand_peer_clock_skew_seconds{peer=\"" + skewedAddress
                            + "\"}")).as("%s's view of %s", peer.name, skewed.name)
                            .isCloseTo(offset, org.assertj.core.data.Offset.offset(1.0));
                });
        assertThat(skewed.logText()).as(skewed.name + "'s log").contains("local clock appears")
                .contains(offset > 0 ? "ahead of peers" : "behind peers");
    }

    /** The value of {@code series} (name with its labels) in a Prometheus text, NaN if absent. */
    private static double skew(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return Double.NaN;
    }
}
