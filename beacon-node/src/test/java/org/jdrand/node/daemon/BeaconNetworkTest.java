package org.jdrand.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** 5 daemons, threshold 3, real gRPC on loopback, fake clock: the chain every node stores is the same and verifies. */
class BeaconNetworkTest {

    static List<Scheme> schemes() {
        return Scheme.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void hundredRoundsIdenticalOnEveryNode(Scheme scheme) throws Exception {
        try (TestNetwork net = new TestNetwork(scheme, 5, 3, "default").startAll()) {
            net.runRounds(1, 100, TestNetwork.all(5));
            List<Beacon> reference = net.chain(0, 100);
            assertThat(reference).hasSize(100);
            for (int i = 0; i < 100; i++) {
                assertThat(reference.get(i).round()).isEqualTo(i + 1);
            }
            for (int node = 1; node < 5; node++) {
                assertThat(net.chain(node, 100)).as("node " + node).isEqualTo(reference);
            }
            BeaconVerifier v = net.verifier();
            assertThat(v.invalidRounds(reference)).isEmpty();
            for (Beacon b : reference) {
                assertThat(v.isValid(b)).as("round " + b.round()).isTrue();
            }
            if (scheme.chained()) {
                assertThat(reference.get(0).previousSignature()).isEqualTo(net.group.genesisSeed());
                for (int i = 1; i < reference.size(); i++) {
                    assertThat(reference.get(i).previousSignature()).isEqualTo(reference.get(i - 1).signature());
                }
            }
        }
    }
}
