package org.jdrand.node.dkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
import org.jdrand.node.engine.FakeClock;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyShare;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Echo broadcast delivers each DKG bundle many times: copies with a key already seen (the gRPC
 * adapter hashes the bytes, DkgWireTest) are dropped before they are decoded, while a different bundle from the same dealer still reaches the session,
 * which bars the dealer as kyber does.
 */
class RawBundleFilterTest {
    private static final BlsBackend BACKEND = BlsBackends.blst();
    private static final Scheme SCHEME = Scheme.PEDERSEN_BLS_CHAINED;

    /** Three fresh-DKG sessions (t = 2) and two different deals of dealer 1 (two sessions of the same key). */
    private record Fixture(List<DkgSession> sessions, DealBundle deal, DealBundle conflicting) {}

    private static Fixture fixture() {
        SecureRandom random = new SecureRandom();
        List<Scalar> secrets = new ArrayList<>();
        List<Point> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Scalar x = Scalar.random(random);
            secrets.add(x);
            keys.add(BACKEND.generator(SCHEME.keyGroup()).multiply(x));
        }
        List<DkgNode> nodes = DkgConfig.sortedByPublicKey(keys);
        List<Scalar> byIndex = new ArrayList<>();
        for (DkgNode n : nodes) {
            byIndex.add(secrets.get(keys.indexOf(n.publicKey())));
        }
        List<DkgSession> sessions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sessions.add(DkgSession.create(DkgConfig.fresh(SCHEME, BACKEND, byIndex.get(i), nodes, 2,
                    DkgConfig.sessionId(1)), random));
        }
        DealBundle deal = (DealBundle) sessions.get(1).start().get(0);
        DkgSession twin = DkgSession.create(DkgConfig.fresh(SCHEME, BACKEND, byIndex.get(1), nodes, 2,
                DkgConfig.sessionId(1)), random);
        DealBundle conflicting = (DealBundle) twin.start().get(0);
        return new Fixture(sessions, deal, conflicting);
    }

    @Test
    void aRepeatedKeyIsACopyAndAnotherKeyIsNot() {
        RawBundleFilter filter = new RawBundleFilter();
        assertThat(filter.firstSight("default/DEAL/aa")).isTrue();
        assertThat(filter.firstSight("default/DEAL/aa")).as("copy relayed by another node").isFalse();
        assertThat(filter.firstSight("default/DEAL/bb")).as("different deal, same dealer").isTrue();
        assertThat(filter.copies()).isEqualTo(3);
        assertThat(filter.dropped()).isEqualTo(1);
    }

    @Test
    void ownBundlesAndForgottenOnesAreHandledAsSeenAndUnseen() {
        String key = "default/DEAL/aa";
        RawBundleFilter filter = new RawBundleFilter();
        filter.own(key);
        assertThat(filter.firstSight(key)).as("echo of our own bundle").isFalse();
        filter.forget(key);
        assertThat(filter.firstSight(key)).as("after forget").isTrue();
    }

    @Test
    void theProcessDecodesOnlyTheFirstCopy(@TempDir Path dir) throws Exception {
        Fixture f = fixture();
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
        BeaconHandoff none = new BeaconHandoff() {
            @Override
            public void completed(String beaconId, Group group, KeyShare share, int epoch) { }

            @Override
            public void left(String beaconId, long transitionTime) { }
        };
        // bundles are taken only for a beacon ID this node has a key pair for
        new org.jdrand.node.key.KeyStore(dir, "default", new Bls(BACKEND)).saveKeyPair(org.jdrand.node.key.KeyPair
                .generate(new Bls(BACKEND), org.jdrand.crypto.Scheme.byId("pedersen-bls-chained"), "127.0.0.1:1",
                        new SecureRandom()));
        java.util.concurrent.atomic.AtomicInteger decodes = new java.util.concurrent.atomic.AtomicInteger();
        try (DkgProcess p = new DkgProcess(dir, new Bls(BACKEND), clock, new SilentDkgNetwork(), none,
                DkgProcess.Timeouts.DRAND, new SecureRandom()).start()) {
            for (int i = 0; i < 5; i++) {
                p.broadcast("default", "default/DEAL/first", () -> {
                    decodes.incrementAndGet();
                    return f.deal();
                });
            }
            p.broadcast("default", "default/DEAL/other", () -> {
                decodes.incrementAndGet();
                return f.conflicting();
            });
            DkgProcess.BroadcastCounts c = p.broadcastCounts();
            assertThat(c.copies()).isEqualTo(6);
            assertThat(c.droppedUnread()).as("4 copies dropped before decoding").isEqualTo(4);
            assertThat(c.decoded()).as("the deal and the conflicting deal are decoded").isEqualTo(2);
            assertThat(decodes).hasValue(2);
        }
    }

    @Test
    void theConflictingDealStillBarsItsDealerInTheExecution() {
        Fixture f = fixture();
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
        List<DkgBundle> rebroadcast = new ArrayList<>();
        DkgSession node0 = f.sessions().get(0);
        DkgExecution exec = new DkgExecution("default", node0, (b, echo) -> rebroadcast.add(b), clock, Runnable::run,
                Duration.ofSeconds(10), outcome -> { });
        exec.start();
        rebroadcast.clear(); // node 0's own deal
        exec.onBundle(f.deal(), clock.instant());
        exec.onBundle(f.conflicting(), clock.instant());
        assertThat(rebroadcast).as("only the first deal of dealer 1 is echoed").containsExactly(f.deal());
        // dealer 2's deal completes the deal phase: dealer 1 is barred, so the phase is not complete by fast sync
        exec.onBundle(f.sessions().get(2).start().get(0), clock.instant());
        assertThat(exec.phase()).isEqualTo(org.jdrand.dkg.DkgPhase.DEAL);
    }
}
