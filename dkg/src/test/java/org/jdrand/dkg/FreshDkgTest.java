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
    void aDealPreparedBeforeKickoffIsTheOneSentAndTheCeremonySucceeds() {
        int n = 7;
        int t = 4;
        DkgFixtures.Fresh f = DkgFixtures.fresh(Scheme.PEDERSEN_BLS_CHAINED, n, t, 42);
        DkgSession first = f.harness().sessions.values().iterator().next();
        DealBundle deal = first.prepare().orElseThrow();
        assertThat(first.prepare()).as("prepared once").containsSame(deal);
        assertThat(first.phase()).isEqualTo(DkgPhase.INIT);
        DkgSession other = DkgFixtures.fresh(Scheme.PEDERSEN_BLS_CHAINED, n, t, 43).harness().sessions.get(2);
        DealBundle otherDeal = other.prepare().orElseThrow();
        assertThat(other.start()).as("start sends the prepared deal").containsExactly(otherDeal);
        for (DkgSession s : f.harness().sessions.values()) {
            s.prepare(); // every node deals ahead of kickoff
        }
        f.harness().run();

        List<DkgResult> results = f.harness().results();
        assertThat(results).hasSize(n);
        assertSameGroup(results);
        assertThat(results.get(0).qual()).hasSize(n);
        assertThat(f.harness().timeoutsFired).isZero();
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
