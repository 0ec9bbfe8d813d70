package org.jdrand.dkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jdrand.dkg.DkgFixtures.BACKEND;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.junit.jupiter.api.Test;

class DkgConfigTest {
    private static final Scheme SCHEME = Scheme.PEDERSEN_BLS_CHAINED;
    private final List<Scalar> secrets = DkgHarness.keys(BACKEND, SCHEME, 5, new FixedRandom(1));
    private final List<DkgNode> nodes = DkgHarness.nodes(BACKEND, SCHEME, secrets);

    @Test
    void nodesAreSortedByRawPublicKeyBytesAndIndexedByPosition() {
        List<Point> keys = new ArrayList<>(nodes.stream().map(DkgNode::publicKey).toList());
        java.util.Collections.reverse(keys);
        List<DkgNode> sorted = DkgConfig.sortedByPublicKey(keys);
        for (int i = 0; i < sorted.size(); i++) {
            assertThat(sorted.get(i).index()).isEqualTo(i);
            if (i > 0) {
                assertThat(Arrays.compareUnsigned(sorted.get(i - 1).publicKey().toBytes(),
                        sorted.get(i).publicKey().toBytes())).isNegative();
            }
        }
        assertThat(sorted).isEqualTo(nodes);
    }

    @Test
    void thresholdBoundsAreHalfPlusOneToN() {
        assertThat(DkgConfig.minimumThreshold(5)).isEqualTo(3);
        assertThat(DkgConfig.minimumThreshold(4)).isEqualTo(3);
        assertThat(DkgConfig.minimumThreshold(1)).isEqualTo(1);
        for (int t = 3; t <= 5; t++) {
            assertThat(DkgConfig.fresh(SCHEME, BACKEND, secrets.get(0), nodes, t, DkgConfig.sessionId(1)).threshold())
                    .isEqualTo(t);
        }
        assertThatThrownBy(() -> DkgConfig.fresh(SCHEME, BACKEND, secrets.get(0), nodes, 2, DkgConfig.sessionId(1)))
                .hasMessage("dkg config: threshold 2 out of range (expected 3..5 for 5 nodes)");
        assertThatThrownBy(() -> DkgConfig.fresh(SCHEME, BACKEND, secrets.get(0), nodes, 6, DkgConfig.sessionId(1)))
                .hasMessage("dkg config: threshold 6 out of range (expected 3..5 for 5 nodes)");
    }

    @Test
    void invalidConfigurationsAreRefused() {
        byte[] sid = DkgConfig.sessionId(1);
        assertThatThrownBy(() -> DkgConfig.fresh(SCHEME, BACKEND, Scalar.of(77), nodes, 3, sid))
                .hasMessageContaining("not among the new nodes");
        List<DkgNode> dup = List.of(nodes.get(0), new DkgNode(0, nodes.get(1).publicKey()));
        assertThatThrownBy(() -> DkgConfig.fresh(SCHEME, BACKEND, secrets.get(0), dup, 2, sid))
                .hasMessage("dkg config: duplicate index 0 in new nodes");
        assertThatThrownBy(() -> DkgConfig.reshare(SCHEME, BACKEND, secrets.get(0), nodes, List.of(), Scalar.ONE,
                nodes, 3, sid)).hasMessage("dkg config: reshare without the previous public polynomial");
        List<Point> commits = List.of(BACKEND.generator(SCHEME.keyGroup()));
        assertThatThrownBy(() -> DkgConfig.reshare(SCHEME, BACKEND, secrets.get(0), nodes, commits, null, nodes, 3,
                sid)).hasMessage("dkg config: a remainer needs its previous share");
        assertThatThrownBy(() -> DkgConfig.fresh(SCHEME, BACKEND, secrets.get(0), nodes, 3, new byte[0]))
                .hasMessage("dkg config: empty session id");
        assertThat(DkgConfig.fresh(SCHEME, BACKEND, secrets.get(0), nodes, 3, sid).toString())
                .contains("longterm=redacted").doesNotContain(secrets.get(0).toBigInteger().toString(16));
    }

    @Test
    void sessionStartsOnceAndKeepsBundlesThatArriveEarly() {
        DkgFixtures.Fresh f = DkgFixtures.fresh(SCHEME, 3, 2, 5);
        List<DkgSession> s = new ArrayList<>(f.harness().sessions.values());
        List<DkgBundle> deal1 = s.get(1).start();
        List<DkgBundle> deal2 = s.get(2).start();
        // node 0 gets both deals before its own kickoff
        assertThat(s.get(0).onBundle(deal1.get(0)).receipt()).isEqualTo(DkgStep.Receipt.ACCEPTED);
        assertThat(s.get(0).onBundle(deal2.get(0)).outgoing()).isEmpty();
        assertThat(s.get(0).phase()).isEqualTo(DkgPhase.INIT);
        List<DkgBundle> out = s.get(0).start();
        assertThat(out).hasSize(2).first().isInstanceOf(DealBundle.class);
        assertThat(out.get(1)).isInstanceOf(ResponseBundle.class);
        assertThat(s.get(0).phase()).isEqualTo(DkgPhase.RESPONSE);
        assertThatThrownBy(() -> s.get(0).start()).hasMessage("dkg start: phase RESPONSE (expected INIT)");
        assertThat(s.get(0).onPhaseTimeout(DkgPhase.DEAL)).as("stale timeout").isEmpty();
        assertThat(s.get(0).onBundle(deal1.get(0)).receipt()).isEqualTo(DkgStep.Receipt.DUPLICATE);
    }
}
