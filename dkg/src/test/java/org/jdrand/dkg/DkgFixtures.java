package org.jdrand.dkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.tbls.ThresholdBls;

/** Shared set-up for the DKG tests: one blst backend, keys, harnesses, beacon signing. */
final class DkgFixtures {
    static final BlsBackend BACKEND = BlsBackends.blst();

    private DkgFixtures() {}

    /** A fresh-DKG harness with n nodes, threshold t, epoch 1. */
    static Fresh fresh(Scheme scheme, int n, int t, long seed) {
        SecureRandom random = new FixedRandom(seed);
        List<Scalar> secrets = DkgHarness.keys(BACKEND, scheme, n, random);
        List<DkgNode> nodes = DkgHarness.nodes(BACKEND, scheme, secrets);
        DkgHarness h = new DkgHarness(scheme, BACKEND);
        for (int i = 0; i < n; i++) {
            h.add(DkgConfig.fresh(scheme, BACKEND, secrets.get(i), nodes, t, DkgConfig.sessionId(1)),
                    new FixedRandom(seed * 1000 + i));
        }
        return new Fresh(h, secrets, nodes);
    }

    record Fresh(DkgHarness harness, List<Scalar> secrets, List<DkgNode> nodes) {}

    /**
     * Signs round 1 of a chained beacon with {@code t} randomly chosen results, recovers the
     * group signature through crypto's threshold BLS and checks it under {@code groupKey}.
     */
    static void assertSignsBeacon(Scheme scheme, List<DkgResult> results, int t, Point groupKey, Random pick) {
        List<DkgResult> shuffled = new ArrayList<>(results);
        Collections.shuffle(shuffled, pick);
        List<DkgResult> signers = shuffled.subList(0, t);
        ThresholdBls tbls = new ThresholdBls(BACKEND, scheme);
        byte[] msg = scheme.digest(new byte[32], 1);
        List<byte[]> partials = signers.stream().map(r -> tbls.signPartial(r.priShare(), msg)).toList();
        byte[] signature = tbls.recover(signers.get(0).pubPoly(), msg, partials, t);
        assertThat(new Bls(BACKEND).verify(scheme, groupKey, msg, signature))
                .as("recovered beacon verifies under the group key").isTrue();
        // t−1 partials are not enough
        if (t > 1) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                    tbls.recover(signers.get(0).pubPoly(), msg, partials.subList(0, t - 1), t))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Every result has the same public polynomial; returns the group key. */
    static Point assertSameGroup(List<DkgResult> results) {
        Point key = results.get(0).groupKey();
        for (DkgResult r : results) {
            assertThat(r.commits()).as("public polynomial of node " + r.index()).isEqualTo(results.get(0).commits());
            assertThat(r.qual()).isEqualTo(results.get(0).qual());
        }
        assertThat(key.isInfinity()).isFalse();
        return key;
    }
}
