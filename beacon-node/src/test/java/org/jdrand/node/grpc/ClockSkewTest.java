package org.jdrand.node.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdrand.node.engine.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The NTP-style estimate, the median over peers and the one WARN per change of verdict, on fake clocks. */
class ClockSkewTest {
    private final FakeClock local = new FakeClock(Instant.ofEpochSecond(1_700_000_000L));
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ClockSkew.class);

    @BeforeEach
    void capture() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logs);
    }

    /** One exchange: the request takes {@code rttMs} on the local clock; the peer reads its clock half-way. */
    private void exchange(ClockSkew skew, String peer, long peerOffsetMs, long rttMs) {
        long t0 = local.millis();
        local.advance(Duration.ofMillis(rttMs / 2));
        long peerTime = local.millis() + peerOffsetMs;
        local.advance(Duration.ofMillis(rttMs - rttMs / 2));
        skew.record(peer, t0, peerTime, local.millis());
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void offsetIsPeerTimeMinusTheMidpointOfTheRoundTrip() {
        assertThat(ClockSkew.offsetSeconds(1_000, 6_050, 1_100)).isEqualTo(5.0);
        assertThat(ClockSkew.offsetSeconds(1_000, 1_050, 1_100)).isEqualTo(0.0);
        assertThat(ClockSkew.offsetSeconds(1_000, -2_000, 1_000)).isEqualTo(-3.0);
        ClockSkew skew = new ClockSkew(1.0);
        exchange(skew, "a:1", 2_500, 40); // the round trip does not bias a symmetric exchange
        assertThat(skew.peers().get("a:1")).isCloseTo(2.5, within(1e-9));
    }

    @Test
    void medianOverPeersAndOneWarningPerChange() {
        ClockSkew skew = new ClockSkew(1.0);
        assertThat(skew.median()).isEmpty();
        exchange(skew, "a:1", 200, 10);
        exchange(skew, "b:1", -300, 10);
        assertThat(skew.median().getAsDouble()).isCloseTo(-0.05, within(1e-9)); // even count: the mean of the two
        exchange(skew, "c:1", 100, 10);
        assertThat(skew.median().getAsDouble()).isCloseTo(0.1, within(1e-9));
        assertThat(skew.verdict()).isNull();
        assertThat(warnings()).isEmpty();

        // our clock falls 5 s behind every peer: one warning, not one per exchange
        for (int i = 0; i < 3; i++) {
            exchange(skew, "a:1", 5_000, 10);
            exchange(skew, "b:1", 5_100, 10);
            exchange(skew, "c:1", 4_900, 10);
        }
        assertThat(skew.median().getAsDouble()).isCloseTo(5.0, within(1e-9));
        assertThat(warnings()).containsExactly("local clock appears 5s behind peers (median of 3 peers)");

        // now 3 s ahead: a new verdict, a new warning
        for (String p : List.of("a:1", "b:1", "c:1")) {
            exchange(skew, p, -3_000, 10);
        }
        assertThat(skew.verdict()).isEqualTo("3s ahead of");
        assertThat(warnings()).hasSize(2).last().isEqualTo("local clock appears 3s ahead of peers (median of 3 peers)");

        // back in line: no further warning, the verdict clears
        for (String p : List.of("a:1", "b:1", "c:1")) {
            exchange(skew, p, 100, 10);
        }
        assertThat(skew.verdict()).isNull();
        assertThat(warnings()).hasSize(2);
    }

    @Test
    void aSlowExchangeIsDroppedAndThePeerKeepsItsEstimate() {
        ClockSkew skew = new ClockSkew(1.0);
        exchange(skew, "a:1", 300, 20);
        long t0 = local.millis();
        local.advance(Duration.ofMillis(ClockSkew.MAX_ROUND_TRIP_MS + 1));
        assertThat(skew.record("a:1", t0, local.millis() + 9_000, local.millis())).isFalse();
        assertThat(skew.peers().get("a:1")).isCloseTo(0.3, within(1e-9));
        assertThat(skew.record("a:1", 10, 0, 5)).as("t1 before t0").isFalse();
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aSinglePeerOffDoesNotMoveTheMedianAndForgottenPeersLeave() {
        ClockSkew skew = new ClockSkew(1.0);
        exchange(skew, "a:1", 0, 10);
        exchange(skew, "b:1", 50, 10);
        exchange(skew, "c:1", 60_000, 10); // one peer's clock is wrong, not ours
        assertThat(skew.median().getAsDouble()).isCloseTo(0.05, within(1e-9));
        assertThat(warnings()).isEmpty();
        skew.forget("c:1");
        assertThat(skew.peers()).containsOnlyKeys("a:1", "b:1");
        skew.forget("a:1");
        skew.forget("b:1");
        assertThat(skew.median()).isEmpty();
    }
}
