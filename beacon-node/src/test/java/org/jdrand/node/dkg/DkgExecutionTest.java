package org.jdrand.node.dkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.dkg.DealBundle;
import org.jdrand.dkg.DkgBundle;
import org.jdrand.dkg.DkgConfig;
import org.jdrand.dkg.DkgNode;
import org.jdrand.dkg.DkgSession;
import org.jdrand.dkg.Schnorr;
import org.jdrand.node.engine.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The execution's handling of received bundles, on a fake clock and a recording transport. */
@Timeout(30)
class DkgExecutionTest {
    private static final Scheme SCHEME = Scheme.byId("pedersen-bls-chained");
    private static final BlsBackend BACKEND = BlsBackends.bouncyCastle();

    @Test
    void aBadlySignedCopyArrivingFirstDoesNotMakeTheGenuineBundleADuplicate() {
        SecureRandom random = new SecureRandom();
        Bls bls = new Bls(BACKEND);
        List<Scalar> secrets = List.of(Scalar.random(random), Scalar.random(random), Scalar.random(random));
        List<Point> keys = secrets.stream().map(s -> bls.publicKey(SCHEME, s)).toList();
        List<DkgNode> nodes = DkgConfig.sortedByPublicKey(keys);
        byte[] sessionId = new byte[32];
        Scalar me = secrets.get(0);
        Scalar dealer = secrets.get(1);
        int dealerIndex = index(nodes, keys.get(1));

        DealBundle genuine = DkgSession.create(DkgConfig.fresh(SCHEME, BACKEND, dealer, nodes, 2, sessionId), random)
                .prepare().orElseThrow();
        byte[] otherSignature = new Schnorr(BACKEND, SCHEME.keyGroup()).sign(dealer,
                "other bytes".getBytes(StandardCharsets.UTF_8), random);
        DealBundle forged = genuine.withSignature(otherSignature);
        assertThat(forged.hash()).as("same content, same hash").isEqualTo(genuine.hash());

        List<DkgBundle> echoed = new ArrayList<>();
        DkgExecution exec = new DkgExecution("default",
                DkgSession.create(DkgConfig.fresh(SCHEME, BACKEND, me, nodes, 2, sessionId), random),
                (b, echo) -> {
                    if (echo) {
                        echoed.add(b);
                    }
                }, new FakeClock(Instant.parse("2026-01-01T00:00:00Z")), Runnable::run, Duration.ofSeconds(10),
                outcome -> { });
        exec.start();
        exec.onBundle(forged);
        assertThat(echoed).as("the forged copy is refused, not relayed").isEmpty();
        exec.onBundle(genuine);
        assertThat(echoed).as("the genuine deal of dealer " + dealerIndex + " accepted and relayed")
                .containsExactly(genuine);
    }

    private static int index(List<DkgNode> nodes, Point key) {
        return nodes.stream().filter(n -> n.publicKey().equals(key)).findFirst().orElseThrow().index();
    }
}
