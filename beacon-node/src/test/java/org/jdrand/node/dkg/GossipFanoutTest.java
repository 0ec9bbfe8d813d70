package org.jdrand.node.dkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.jdrand.node.engine.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Gossip fan-out on a fake transport and a fake clock: retries are scheduled, never slept. */
@Timeout(30)
class GossipFanoutTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A transport where each address fails a given number of times, then delivers; it records the attempts. */
    private static final class FakeTransport implements GossipFanout.Send<String> {
        final FakeClock clock;
        final Map<String, Integer> failuresLeft = new HashMap<>();
        final List<String> attempts = new ArrayList<>();
        final List<String> delivered = new ArrayList<>();

        FakeTransport(FakeClock clock) {
            this.clock = clock;
        }

        FakeTransport failing(String address, int times) {
            failuresLeft.put(address, times);
            return this;
        }

        @Override
        public synchronized void send(String address, String packet) throws Exception {
            attempts.add(address + "@" + Duration.between(T0, clock.instant()).toMillis());
            int left = failuresLeft.getOrDefault(address, 0);
            if (left > 0) {
                failuresLeft.put(address, left - 1);
                throw new Exception("unavailable");
            }
            delivered.add(address + ":" + packet);
        }
    }

    private final FakeClock clock = new FakeClock(T0);

    private GossipFanout<String> fanout(FakeTransport transport) {
        return new GossipFanout<>(transport, clock, Runnable::run);
    }

    @Test
    void everyPeerGetsThePacketOnce() {
        FakeTransport t = new FakeTransport(clock);
        CompletableFuture<List<String>> done = fanout(t).send(List.of("a:1", "b:1", "c:1"), "p", 7);
        assertThat(done).isCompletedWithValue(List.of());
        assertThat(t.delivered).containsExactly("a:1:p", "b:1:p", "c:1:p");
        assertThat(clock.pending()).isEmpty();
    }

    @Test
    void theNthRetryWaits200msTimesN() {
        FakeTransport t = new FakeTransport(clock).failing("b:1", 2);
        CompletableFuture<List<String>> done = fanout(t).send(List.of("b:1"), "p", 7);
        clock.advance(Duration.ofMillis(199));
        assertThat(t.attempts).containsExactly("b:1@0");
        clock.advance(Duration.ofMillis(1));
        assertThat(t.attempts).containsExactly("b:1@0", "b:1@200");
        clock.advance(Duration.ofMillis(399));
        assertThat(done).isNotDone();
        clock.advance(Duration.ofMillis(1));
        assertThat(t.attempts).containsExactly("b:1@0", "b:1@200", "b:1@600");
        assertThat(done).isCompletedWithValue(List.of());
    }

    @Test
    void aPeerThatNeverAnswersIsReportedAfterTheLastTry() {
        FakeTransport t = new FakeTransport(clock).failing("b:1", Integer.MAX_VALUE);
        CompletableFuture<List<String>> done = fanout(t).send(List.of("b:1"), "p", 7);
        clock.advance(Duration.ofSeconds(60));
        assertThat(t.attempts).hasSize(7).last().isEqualTo("b:1@4200");
        assertThat(done).isCompletedWithValue(List.of("b:1: unavailable"));
    }

    @Test
    void aBestEffortSendIsTriedOnce() {
        FakeTransport t = new FakeTransport(clock).failing("b:1", 1);
        CompletableFuture<List<String>> done = fanout(t).send(List.of("b:1"), "p", 1);
        assertThat(done).isCompletedWithValue(List.of("b:1: unavailable"));
        assertThat(clock.pending()).isEmpty();
    }

    @Test
    void anUnreachablePeerDoesNotDelayTheOthers() {
        FakeTransport t = new FakeTransport(clock).failing("a:1", 3);
        CompletableFuture<List<String>> done = fanout(t).send(List.of("a:1", "b:1", "c:1"), "p", 7);
        assertThat(t.delivered).containsExactly("b:1:p", "c:1:p");
        assertThat(done).isNotDone();
        clock.advance(Duration.ofMillis(1200));
        assertThat(t.delivered).containsExactly("b:1:p", "c:1:p", "a:1:p");
        assertThat(done).isCompletedWithValue(List.of());
    }

    @Test
    void aStoppedSenderPoolCountsAsAFailureInsteadOfAHang() {
        FakeTransport t = new FakeTransport(clock);
        GossipFanout<String> closed = new GossipFanout<>(t, clock, r -> {
            throw new RejectedExecutionException("shut down");
        });
        assertThat(closed.send(List.of("a:1"), "p", 7)).isCompletedWithValue(
                List.of("a:1: not sent (the node is shutting down)"));
        assertThat(t.attempts).isEmpty();
    }
}
