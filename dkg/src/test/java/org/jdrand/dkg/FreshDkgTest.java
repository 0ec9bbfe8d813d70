package org.jdrand.dkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jdrand.dkg.DkgFixtures.assertSameGroup;
import static org.jdrand.dkg.DkgFixtures.assertSignsBeacon;

import java.util.List;
import java.util.Random;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class FreshDkgTest {

    @RepeatedTest(3)
    void allHonestNodesGetSharesThatSignUnderOneGroupKey() {
        long seed = new Random().nextLong();
        System.out.println(getClass().getSimpleName() + " seed " + seed); // to reproduce a failure
        Random r = new Random(seed);
        int n = 3 + r.nextInt(14);
        int t = DkgConfig.minimumThreshold(n) + r.nextInt(n - DkgConfig.minimumThreshold(n) + 1);
        Scheme scheme = r.nextBoolean() ? Scheme.PEDERSEN_BLS_CHAINED : Scheme.BLS_UNCHAINED_G1_RFC9380;
        DkgFixtures.Fresh f = DkgFixtures.fresh(scheme, n, t, seed);
        f.harness().run();

        List<DkgResult> results = f.harness().results();
        assertThat(results).as("seed %d n %d t %d", seed, n, t).hasSize(n);
        Point key = assertSameGroup(results);
        assertThat(results.get(0).qual()).hasSize(n);
        assertThat(results.get(0).threshold()).isEqualTo(t);
        assertThat(f.harness().timeoutsFired).as("fast sync finishes without timeouts").isZero();
        assertSignsBeacon(scheme, results, t, key, r);
    }

    @Test
    void fiftyNodes() {
        int n = 50;
        int t = n / 2 + 1;
        DkgFixtures.Fresh f = DkgFixtures.fresh(Scheme.PEDERSEN_BLS_CHAINED, n, t, 50);
        f.harness().run();
        List<DkgResult> results = f.harness().results();
        Point key = assertSameGroup(results);
        assertThat(results.get(0).qual()).hasSize(n);
        assertSignsBeacon(Scheme.PEDERSEN_BLS_CHAINED, results, t, key, new Random(50));
    }
}
