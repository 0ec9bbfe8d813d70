package org.jdrand.node.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jdrand.node.LoopbackAssertions.assertNothingListensOn;

import org.junit.jupiter.api.Test;

/** The warm-up's partials make the whole round trip through a real loopback server, which is closed afterwards. */
class PartialPathWarmupTest {
    @Test
    void everyPartialIsAnsweredAndTheServerIsClosedAfterwards() throws Exception {
        PartialPathWarmup.Result r = PartialPathWarmup.run(300, () -> true, 98, 96, 60_000);
        assertThat(r.sent()).isEqualTo(300);
        assertThat(r.answered()).as("acknowledged by the loopback server").isEqualTo(300);
        assertThat(r.nanos()).isPositive();
        assertNothingListensOn(r.port(), "the throwaway server");
    }

    @Test
    void theTimeoutBoundsTheRun() throws Exception {
        PartialPathWarmup.Result r = PartialPathWarmup.run(1_000_000, () -> true, 98, 96, 0);
        assertThat(r.sent()).as("nothing sent once the time is up").isZero();
    }

    @Test
    void thePacingDecidesHowManyAreSent() throws Exception {
        int[] allowed = {120};
        PartialPathWarmup.Result r = PartialPathWarmup.run(300, () -> allowed[0]-- > 0, 98, 96, 60_000);
        assertThat(r.sent()).as("the first false ends the warm-up").isEqualTo(120);
        assertThat(r.answered()).isEqualTo(120);
        assertNothingListensOn(r.port(), "the throwaway server");
    }
}
