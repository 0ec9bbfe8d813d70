package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The warm-up's pacing on a fake clock and a fake JIT: bursts, trickles that end when the JIT goes
 * quiet, more bursts while it keeps compiling, a bound.
 */
class WarmupPacingTest {
    private long now;
    private long compileMillis;
    /** Reads of the JIT's time that find it grown by 1 ms each (then it stays put). */
    private long busyReads;
    private final List<Long> sleeps = new ArrayList<>();

    private WarmupPacing pacing(int firstBurst, long busyReads) {
        this.busyReads = busyReads;
        return new WarmupPacing(firstBurst, () -> this.busyReads-- > 0 ? ++compileMillis : compileMillis, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    private static int drain(WarmupPacing p) {
        int n = 0;
        while (p.getAsBoolean()) {
            n++;
            assertThat(n).as("calls").isLessThanOrEqualTo(p.bound());
        }
        return n;
    }

    @Test
    void aQuietJitGetsOneMoreBurstAndShortTricklesOnly() {
        WarmupPacing p = pacing(2_000, 0);
        for (int i = 0; i < 2_000; i++) {
            assertThat(p.getAsBoolean()).isTrue();
        }
        assertThat(sleeps).as("the first burst does not wait").isEmpty();
        int rest = drain(p);
        long perTrickle = WarmupPacing.QUIET_NANOS / WarmupPacing.TRICKLE_NANOS - 1; // the quiet step is no call
        assertThat(p.settles()).isEqualTo(WarmupPacing.MIN_SETTLES);
        assertThat(2_000 + rest).isEqualTo(p.calls())
                .isEqualTo(2_000 + WarmupPacing.MIN_SETTLES * WarmupPacing.SETTLE_BURST + (WarmupPacing.MIN_SETTLES + 1) * perTrickle);
        assertThat(sleeps).hasSize((int) ((WarmupPacing.MIN_SETTLES + 1) * (perTrickle + 1)))
                .allMatch(s -> s == WarmupPacing.TRICKLE_NANOS);
        assertThat(p.getAsBoolean()).as("done stays done").isFalse();
    }

    @Test
    void aJitThatNeverGoesQuietEndsEachTrickleAtItsLimitAndGetsEveryBurst() {
        WarmupPacing p = pacing(2_000, Long.MAX_VALUE);
        int calls = drain(p);
        long perTrickle = WarmupPacing.TRICKLE_LIMIT_NANOS / WarmupPacing.TRICKLE_NANOS - 1;
        assertThat(p.settles()).isEqualTo(WarmupPacing.MAX_SETTLES);
        assertThat(calls).isLessThanOrEqualTo(p.bound())
                .isEqualTo(2_000 + WarmupPacing.MAX_SETTLES * WarmupPacing.SETTLE_BURST + (WarmupPacing.MAX_SETTLES + 1) * perTrickle);
        assertThat(now).isEqualTo((WarmupPacing.MAX_SETTLES + 1) * WarmupPacing.TRICKLE_LIMIT_NANOS);
    }

    @Test
    void aJitThatSettlesEndsTheWarmUpAfterItsFirstQuietCycle() {
        // compiling at every read through the first trickle (the constructor's read, the trickle's
        // first and one per step, up to its limit) and for 150 ms of the second, then nothing
        long firstTrickleReads = 2 + WarmupPacing.TRICKLE_LIMIT_NANOS / WarmupPacing.TRICKLE_NANOS;
        WarmupPacing p = pacing(2_000, firstTrickleReads + WarmupPacing.SETTLED_COMPILE_MILLIS + 50);
        drain(p);
        assertThat(p.settles()).as("bursts after the first").isEqualTo(2);
    }

    @Test
    void anInterruptedThreadStopsAtOnce() {
        WarmupPacing p = pacing(100, 0);
        assertThat(p.getAsBoolean()).isTrue();
        Thread.currentThread().interrupt();
        try {
            assertThat(p.getAsBoolean()).isFalse();
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
    }

    @Test
    void theBoundCoversEveryPacingAndAFirstBurstMustCall() {
        assertThat(WarmupPacing.bound(4_000)).isGreaterThan(4_000 + WarmupPacing.MAX_SETTLES * WarmupPacing.SETTLE_BURST);
        assertThat(WarmupPacing.ofThisJvm(1).bound()).isEqualTo(WarmupPacing.bound(1));
        // a small first burst (tests' nodes) caps the later ones: 200 calls, then at most 6 x 200
        assertThat(WarmupPacing.settleBurst(200)).isEqualTo(200);
        assertThat(WarmupPacing.settleBurst(4_000)).isEqualTo(WarmupPacing.SETTLE_BURST);
        WarmupPacing small = pacing(200, Long.MAX_VALUE);
        assertThat((long) drain(small)).isEqualTo(200 + WarmupPacing.MAX_SETTLES * 200
                + (WarmupPacing.MAX_SETTLES + 1) * (WarmupPacing.TRICKLE_LIMIT_NANOS / WarmupPacing.TRICKLE_NANOS - 1));
        assertThatThrownBy(() -> pacing(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("first burst 0 calls (expected >= 1)");
    }
}
