package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.jdrand.crypto.Scheme;
import org.jdrand.node.engine.FakeClock;
import org.jdrand.node.engine.Scheduler;
import org.jdrand.node.grpc.PeerClocks;
import org.jdrand.node.metrics.NodeMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two real daemons on loopback gRPC, node 1's clock offset from node 0's (both fake): each
 * node's periodic Status exchange carries the peer's wall clock in a response header, and the
 * clock-skew gauges of the other node show the offset, then follow it when it changes.
 */
@Timeout(120)
class PeerClockSkewTest {
    /** The shared fake clock seen {@code offset} away: node 1's clock. */
    static final class OffsetClock implements Scheduler, InstantSource {
        private final FakeClock base;
        private volatile Duration offset;

        OffsetClock(FakeClock base, Duration offset) {
            this.base = base;
            this.offset = offset;
        }

        @Override
        public Instant instant() {
            return base.instant().plus(offset);
        }

        @Override
        public InstantSource clock() {
            return this;
        }

        @Override
        public Cancellable schedule(Instant at, Runnable task) {
            return base.schedule(at.minus(offset), task);
        }
    }

    private static String text(NodeMetrics m) {
        return new String(m.scrapeText(), StandardCharsets.UTF_8);
    }

    @Test
    void eachNodeSeesTheOthersClockOffset() throws Exception {
        OffsetClock[] skewed = new OffsetClock[1];
        try (TestNetwork net = TestNetwork.withSchedulers(Scheme.BLS_UNCHAINED_G1_RFC9380, 2, 2, "default",
                (base, i) -> i == 0 ? base : (skewed[0] = new OffsetClock(base, Duration.ofSeconds(4))))) {
            NodeMetrics m0 = NodeMetrics.forNode(net.daemons[0].supervisor(), 1L, "2.1.0", "dev", 0);
            m0.clockSkew(net.daemons[0].clockSkew());
            NodeMetrics m1 = NodeMetrics.forNode(net.daemons[1].supervisor(), 1L, "2.1.0", "dev", 0);
            m1.clockSkew(net.daemons[1].clockSkew());
            String peer0 = "127.0.0.1:" + net.ports[0];
            String peer1 = "127.0.0.1:" + net.ports[1];
            net.startAll(); // a loaded group: each daemon probes its peers at once

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                assertThat(text(m0)).contains("jdrand_peer_clock_skew_seconds{peer=\"" + peer1 + "\"} 4.0")
                        .contains("jdrand_clock_skew_seconds 4.0");
                assertThat(text(m1)).contains("jdrand_peer_clock_skew_seconds{peer=\"" + peer0 + "\"} -4.0")
                        .contains("jdrand_clock_skew_seconds -4.0");
            });
            assertThat(net.daemons[0].clockSkew().verdict()).isEqualTo("4s behind");
            assertThat(net.daemons[1].clockSkew().verdict()).isEqualTo("4s ahead of");

            // node 1's clock is put 2 s behind; node 0's next periodic exchange sees it
            skewed[0].offset = Duration.ofSeconds(-2);
            net.clock.advance(PeerClocks.DEFAULT_INTERVAL);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertThat(text(m0)).contains("jdrand_peer_clock_skew_seconds{peer=\"" + peer1 + "\"} -2.0")
                            .contains("jdrand_clock_skew_seconds -2.0"));
            assertThat(net.daemons[0].clockSkew().verdict()).isEqualTo("2s ahead of");
        }
    }
}
