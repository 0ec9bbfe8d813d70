package org.jdrand.node.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.crypto.tbls.PubPoly;
import org.jdrand.node.store.ChainStore;
import org.jdrand.node.store.MemoryChainStore;
import org.jdrand.node.store.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A recovered beacon reaches the verified listeners (the HTTP API) as soon as it is verified,
 * while the store's append (the fsync) has not returned; the stored listeners and the chain's head
 * only once it has. Three real engines (t = 2, real threshold BLS on blst) on a fake clock; node
 * 0's store holds its append of round 1 until the test releases it.
 */
@Timeout(60)
class ServedBeforeDurableTest {
    private static final BlsBackend BACKEND = BlsBackends.blst();
    private static final Scheme SCHEME = Scheme.PEDERSEN_BLS_CHAINED;
    private static final int N = 3;
    private static final int T = 2;

    /** A store whose append of {@code heldRound} waits for {@link #release}. */
    private static final class HeldStore implements ChainStore {
        private final MemoryChainStore real;
        private final long heldRound;
        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        HeldStore(MemoryChainStore real, long heldRound) {
            this.real = real;
            this.heldRound = heldRound;
        }

        void release() {
            released.countDown();
        }

        @Override
        public boolean append(Beacon beacon) throws StoreException {
            if (beacon.round() == heldRound) {
                entered.countDown();
                try {
                    if (!released.await(30, TimeUnit.SECONDS)) {
                        throw new StoreException("held append: not released within 30 s");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("held append: interrupted");
                }
            }
            return real.append(beacon);
        }

        @Override public void appendAll(List<Beacon> beacons) throws StoreException { real.appendAll(beacons); }
        @Override public Beacon last() throws StoreException { return real.last(); }
        @Override public Optional<Beacon> get(long round) throws StoreException { return real.get(round); }
        @Override public List<Beacon> range(long from, int max) throws StoreException { return real.range(from, max); }
        @Override public long size() throws StoreException { return real.size(); }
        @Override public void deleteFrom(long fromRound) throws StoreException { real.deleteFrom(fromRound); }
        @Override public void close() throws StoreException { real.close(); }
    }

    private final List<Runnable> inFlight = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final List<RoundEngine> engines = new ArrayList<>();
    private HeldStore held;

    @AfterEach
    void close() {
        if (held != null) {
            held.release();
        }
        engines.forEach(RoundEngine::close);
        pool.shutdownNow();
    }

    @Test
    void aVerifiedBeaconIsServedBeforeItsAppendReturnsAndStoredOnlyAfter() throws Exception {
        long genesis = 1_700_000_010L;
        FakeClock clock = new FakeClock(Instant.ofEpochSecond(genesis - 10));
        PriPoly poly = PriPoly.random(T, new SecureRandom());
        PubPoly pub = poly.commit(BACKEND, SCHEME.keyGroup());
        List<byte[]> commits = pub.commits().stream().map(Point::toBytes).toList();
        ChainInfo info = new ChainInfo(commits.get(0), "default", 3, SCHEME, genesis,
                Scheme.sha256().digest("served-before-durable".getBytes()));
        held = new HeldStore(new MemoryChainStore(info), 1);
        for (int i = 0; i < N; i++) {
            int self = i;
            PartialSender toPeers = (round, prev, partial) -> {
                for (int j = 0; j < N; j++) {
                    if (j != self) {
                        int to = j;
                        inFlight.add(() -> engines.get(to).processPartial(round, prev, partial));
                    }
                }
            };
            ChainStore store = i == 0 ? held : new MemoryChainStore(info);
            engines.add(new RoundEngine("default", info, Duration.ofSeconds(1),
                    new ThresholdBeaconCrypto(BACKEND, SCHEME, commits, N, poly.share(i)), store, clock, pool, toPeers));
        }
        RoundEngine node0 = engines.get(0);
        List<Beacon> verified = new CopyOnWriteArrayList<>();
        List<Beacon> stored = new CopyOnWriteArrayList<>();
        List<Long> headWhenVerified = new CopyOnWriteArrayList<>();
        node0.addVerifiedListener(b -> {
            verified.add(b);
            headWhenVerified.add(node0.lastRound());
        });
        node0.addListener(stored::add);
        for (RoundEngine e : engines) {
            e.start(StartMode.START).get();
        }

        clock.advanceTo(Instant.ofEpochSecond(info.timeOfRound(1)));
        for (RoundEngine e : engines) {
            e.barrier().get();
        }
        List<Runnable> now = new ArrayList<>(inFlight);
        inFlight.clear();
        now.forEach(Runnable::run);

        assertTrue(held.entered.await(30, TimeUnit.SECONDS), "node 0 never appended round 1");
        await().atMost(Duration.ofSeconds(30)).until(() -> verified.size() == 1);
        // the append of round 1 has not returned: served, not durable, not the head, no stored listener told
        assertEquals(1, verified.get(0).round());
        assertEquals(List.of(0L), headWhenVerified, "the head when the verified listener ran");
        assertEquals(0, node0.lastRound(), "head while the append is held");
        assertEquals(Optional.empty(), node0.store().get(1), "round 1 in the store while its append is held");
        assertTrue(stored.isEmpty(), "stored listeners told before the append returned");
        BeaconVerifier.forChain(BACKEND, info).check(verified.get(0));

        held.release();
        await().atMost(Duration.ofSeconds(30)).until(() -> node0.lastRound() == 1 && stored.size() == 1);
        node0.barrier().get();
        assertEquals(1, verified.size(), "the verified listener is told once per round");
        assertArrayEquals(verified.get(0).signature(), stored.get(0).signature());
        // the served beacon is byte-identical to what every other node stored (a threshold signature is unique)
        for (RoundEngine e : engines.subList(1, N)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> e.lastRound() >= 1);
            assertArrayEquals(verified.get(0).signature(), e.store().get(1).orElseThrow().signature());
        }
    }

    @Test
    void aSyncedBeaconReachesTheVerifiedListenersOnceStored() throws Exception {
        long genesis = 1_700_000_010L;
        FakeClock clock = new FakeClock(Instant.ofEpochSecond(genesis + 100));
        PriPoly poly = PriPoly.random(T, new SecureRandom());
        PubPoly pub = poly.commit(BACKEND, SCHEME.keyGroup());
        List<byte[]> commits = pub.commits().stream().map(Point::toBytes).toList();
        ChainInfo info = new ChainInfo(commits.get(0), "default", 3, SCHEME, genesis,
                Scheme.sha256().digest("synced".getBytes()));
        // rounds 1 and 2 signed with the group secret (as a peer would stream them)
        MemoryChainStore source = new MemoryChainStore(info);
        ThresholdBeaconCrypto signer0 = new ThresholdBeaconCrypto(BACKEND, SCHEME, commits, N, poly.share(0));
        ThresholdBeaconCrypto signer1 = new ThresholdBeaconCrypto(BACKEND, SCHEME, commits, N, poly.share(1));
        List<Beacon> chain = new ArrayList<>();
        Beacon prev = source.last();
        for (long r = 1; r <= 2; r++) {
            byte[] msg = SCHEME.digest(prev.signature(), r);
            byte[] sig = signer0.combine(msg, List.of(signer0.signPartial(msg), signer1.signPartial(msg)));
            prev = new Beacon(r, sig, prev.signature());
            chain.add(prev);
        }
        ChainStore store = new MemoryChainStore(info);
        RoundEngine follower = new RoundEngine("default", info, Duration.ofSeconds(1),
                new ThresholdBeaconCrypto(BACKEND, SCHEME, commits, N, null), store, clock, pool, (r, p, s) -> { });
        engines.add(follower);
        List<Long> verified = new CopyOnWriteArrayList<>();
        List<Long> storedWhenVerified = new CopyOnWriteArrayList<>();
        follower.addVerifiedListener(b -> {
            verified.add(b.round());
            storedWhenVerified.add(follower.lastRound());
        });

        assertEquals(2L, follower.appendSynced(chain).get(30, TimeUnit.SECONDS));
        assertEquals(List.of(1L, 2L), verified);
        // a synced beacon is told as the head moves to it (already durable)
        assertEquals(List.of(1L, 2L), storedWhenVerified);
    }
}
