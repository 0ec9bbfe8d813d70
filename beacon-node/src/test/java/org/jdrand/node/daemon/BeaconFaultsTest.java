package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.node.engine.StartMode;
import org.junit.jupiter.api.Test;

/** Crash faults on a 5-node, threshold-3 network over real gRPC and a fake clock. */
class BeaconFaultsTest {

    private static void assertValidChain(TestNetwork net, long upTo, int... nodes) throws Exception {
        List<Beacon> reference = net.chain(nodes[0], upTo);
        assertThat(reference).hasSize((int) upTo);
        for (int i = 0; i < upTo; i++) {
            assertThat(reference.get(i).round()).isEqualTo(i + 1);
        }
        assertThat(net.verifier().invalidRounds(reference)).isEmpty();
        for (int node : nodes) {
            assertThat(net.chain(node, upTo)).as("node " + node).isEqualTo(reference);
        }
    }

    @Test
    void twoNodesStoppedNoRoundMissed() throws Exception {
        try (TestNetwork net = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 5, 3, "default").startAll()) {
            net.runRounds(1, 5, TestNetwork.all(5));
            net.stop(3);
            net.stop(4);
            net.runRounds(6, 20, 0, 1, 2);
            assertValidChain(net, 20, 0, 1, 2);
        }
    }

    @Test
    void threeNodesStoppedHaltThenResumeAtLastPlusOneAndCatchUp() throws Exception {
        try (TestNetwork net = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 5, 3, "default").startAll()) {
            net.runRounds(1, 5, TestNetwork.all(5));
            net.stop(2);
            net.stop(3);
            net.stop(4);
            for (long r = 6; r <= 10; r++) {
                net.advanceToRound(r);
            }
            // two of five cannot reach the threshold: nothing new is stored
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> net.storedLast(0) == 5 && net.storedLast(1) == 5);

            net.restart(2);
            net.restart(3);
            net.restart(4);
            // the next tick signs round 6 (last + 1), never the clock round
            net.advanceToRound(11);
            net.awaitRound(6, TestNetwork.all(5));
            // then one round per catch-up period until the chain meets the clock. On a real clock a
            // catch-up step that falls due after the clock moved only means the next one a period
            // later; this clock moves only when told to: when a round has not come 5 s (wall) after a
            // move, move it by another catch-up period (once under a loaded CI run, rounds stopped at
            // 10 of 11 with every node waiting for a step the clock had not reached)
            while (net.storedLast(0) < net.daemons[0].supervisor().byId("default").orElseThrow().engine().clockRound()) {
                long next = net.storedLast(0) + 1;
                net.clock.advance(Duration.ofSeconds(TestNetwork.CATCHUP));
                long[] moved = {System.nanoTime()};
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(10)).until(() -> {
                    for (int i : TestNetwork.all(5)) {
                        if (net.storedLast(i) < next) {
                            if (System.nanoTime() - moved[0] > Duration.ofSeconds(5).toNanos()) {
                                net.clock.advance(Duration.ofSeconds(TestNetwork.CATCHUP));
                                moved[0] = System.nanoTime();
                            }
                            return false;
                        }
                    }
                    return true;
                });
                net.settle();
            }
            long head = net.storedLast(0);
            assertThat(head).isGreaterThanOrEqualTo(11);
            assertValidChain(net, head, TestNetwork.all(5));
            // and it keeps going at the normal pace
            net.runRounds(head + 1, head + 3, TestNetwork.all(5));
        }
    }

    @Test
    void restartedNodeSyncsWhatItMissed() throws Exception {
        try (TestNetwork net = new TestNetwork(Scheme.BLS_UNCHAINED_G1_RFC9380, 5, 3, "default").startAll()) {
            net.runRounds(1, 5, TestNetwork.all(5));
            net.stop(4);
            net.runRounds(6, 30, 0, 1, 2, 3);
            assertThat(net.storedLast(4)).isEqualTo(5);
            net.restart(4);
            net.awaitRound(30, 4);
            net.runRounds(31, 35, TestNetwork.all(5));
            assertValidChain(net, 35, TestNetwork.all(5));
        }
    }

    @Test
    void startModeRefusesAfterGenesis() throws Exception {
        try (TestNetwork net = new TestNetwork(Scheme.PEDERSEN_BLS_CHAINED, 5, 3, "default")) {
            net.advanceToRound(3);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> net.startBeacon(0, StartMode.START))
                    .hasMessageContaining("genesis");
        }
    }
}
