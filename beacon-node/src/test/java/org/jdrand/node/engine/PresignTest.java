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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.crypto.tbls.PubPoly;
import org.jdrand.node.store.MemoryChainStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The own partial of the next round is signed while the node waits for the round's time (half a
 * period before it), so the tick only sends it; it is never sent before that time.
 * Three real engines (t = 2, real threshold BLS on blst) exchange partials in memory on a fake clock.
 */
@Timeout(60)
class PresignTest {
    private static final BlsBackend BACKEND = BlsBackends.blst();
    private static final Scheme SCHEME = Scheme.PEDERSEN_BLS_CHAINED;
    private static final int N = 3;
    private static final int T = 2;

    private record Signed(byte[] message, Instant at) {}

    private record Sent(long round, byte[] partial, Instant at) {}

    /** Real threshold crypto that records what it signs, and when. */
    private static final class RecordingCrypto implements BeaconCrypto {
        private final ThresholdBeaconCrypto real;
        private final FakeClock clock;
        final List<Signed> signed = new CopyOnWriteArrayList<>();

        RecordingCrypto(ThresholdBeaconCrypto real, FakeClock clock) {
            this.real = real;
            this.clock = clock;
        }

        @Override public Scheme scheme() { return real.scheme(); }
        @Override public int threshold() { return real.threshold(); }
        @Override public int groupSize() { return real.groupSize(); }
        @Override public int ownIndex() { return real.ownIndex(); }

        @Override
        public byte[] signPartial(byte[] message) {
            signed.add(new Signed(message.clone(), clock.instant()));
            return real.signPartial(message);
        }

        @Override public boolean verifyPartial(byte[] m, byte[] p) { return real.verifyPartial(m, p); }
        @Override public byte[] recover(byte[] m, List<byte[]> p) { return real.recover(m, p); }
        @Override public byte[] combine(byte[] m, List<byte[]> p) { return real.combine(m, p); }
        @Override public List<Integer> invalidPartials(byte[] m, List<byte[]> p) { return real.invalidPartials(m, p); }
        @Override public boolean isValid(Beacon b) { return real.isValid(b); }
        @Override public List<Long> invalidRounds(List<Beacon> b) { return real.invalidRounds(b); }
        @Override public org.jdrand.crypto.chain.PreparedBeacon prepare(Beacon b) { return real.prepare(b); }

        @Override
        public List<Long> invalidPreparedRounds(List<org.jdrand.crypto.chain.PreparedBeacon> p) {
            return real.invalidPreparedRounds(p);
        }
    }

    private final List<Runnable> inFlight = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final List<RoundEngine> engines = new ArrayList<>();
    private final List<RecordingCrypto> cryptos = new ArrayList<>();

    @AfterEach
    void close() {
        engines.forEach(RoundEngine::close);
        pool.shutdownNow();
    }

    @Test
    void theNextPartialIsSignedAheadAndSentOnlyAtItsTime() throws Exception {
        long genesis = 1_700_000_010L;
        FakeClock clock = new FakeClock(Instant.ofEpochSecond(genesis - 10));
        PriPoly poly = PriPoly.random(T, new SecureRandom());
        PubPoly pub = poly.commit(BACKEND, SCHEME.keyGroup());
        ChainInfo info = new ChainInfo(pub.commit().toBytes(), "default", 3, SCHEME, genesis,
                Scheme.sha256().digest("presign".getBytes()));
        List<Sent> sent = new CopyOnWriteArrayList<>();
        for (int i = 0; i < N; i++) {
            RecordingCrypto crypto = new RecordingCrypto(new ThresholdBeaconCrypto(BACKEND, SCHEME,
                    pub.commits().stream().map(Point::toBytes).toList(), N, poly.share(i)), clock);
            cryptos.add(crypto);
            int self = i;
            // held until deliver(): every node ticks before any partial arrives (no race on who stores first)
            PartialSender toPeers = (round, prev, partial) -> {
                sent.add(new Sent(round, partial.clone(), clock.instant()));
                for (int j = 0; j < N; j++) {
                    if (j != self) {
                        int to = j;
                        inFlight.add(() -> engines.get(to).processPartial(round, prev, partial));
                    }
                }
            };
            engines.add(new RoundEngine("default", info, Duration.ofSeconds(1), crypto, new MemoryChainStore(info),
                    clock, pool, toPeers));
        }
        for (RoundEngine e : engines) {
            e.start(StartMode.START).get();
        }
        clock.advanceTo(Instant.ofEpochSecond(info.timeOfRound(1)));
        deliverAfterTicks();
        awaitAll(1);

        // round 2 is due at genesis + 3 s: not signed while round 1 is still being recovered (by peers
        // that may share this machine), but half a period before round 2's time
        Instant round2 = Instant.ofEpochSecond(info.timeOfRound(2));
        Instant halfPeriodBefore = round2.minusMillis(1500);
        for (RoundEngine e : engines) {
            e.barrier().get();
        }
        for (int i = 0; i < N; i++) {
            assertEquals(0, signaturesOfRound2(i).size(), "node " + i + ": round 2 signed with round 1 just stored");
        }
        clock.advanceTo(halfPeriodBefore);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> java.util.stream.IntStream.range(0, N).allMatch(i -> !signaturesOfRound2(i).isEmpty()));
        for (int i = 0; i < N; i++) {
            List<Signed> ofRound2 = signaturesOfRound2(i);
            assertEquals(1, ofRound2.size(), "node " + i + ": signatures of round 2 before its time");
            assertEquals(halfPeriodBefore, ofRound2.get(0).at(), "node " + i + ": signed at " + ofRound2.get(0).at());
        }
        assertTrue(sent.stream().noneMatch(s -> s.round() == 2), "a partial of round 2 was sent before its time");

        clock.advanceTo(round2);
        deliverAfterTicks();
        awaitAll(2);
        List<Sent> ofRound2 = sent.stream().filter(s -> s.round() == 2).toList();
        assertEquals(N, ofRound2.size(), "round 2 partials sent");
        for (Sent s : ofRound2) {
            assertEquals(round2, s.at(), "round 2 partial sent at its time");
        }
        for (int i = 0; i < N; i++) {
            byte[] message2 = SCHEME.digest(engines.get(i).store().get(1).orElseThrow().signature(), 2);
            long signings = cryptos.get(i).signed.stream()
                    .filter(s -> java.util.Arrays.equals(s.message(), message2)).count();
            assertEquals(1, signings, "node " + i + ": the tick sent the partial signed ahead (no second signing)");
        }
        Beacon b2 = engines.get(0).store().get(2).orElseThrow();
        BeaconVerifier.forChain(BACKEND, info).check(b2);
        for (RoundEngine e : engines) {
            assertArrayEquals(b2.signature(), e.store().get(2).orElseThrow().signature());
        }
    }

    private List<Signed> signaturesOfRound2(int node) {
        byte[] message2 = SCHEME.digest(engines.get(node).lastBeacon().signature(), 2);
        return cryptos.get(node).signed.stream().filter(s -> java.util.Arrays.equals(s.message(), message2)).toList();
    }

    private void deliverAfterTicks() throws Exception {
        for (RoundEngine e : engines) {
            e.barrier().get();
        }
        List<Runnable> now = new ArrayList<>(inFlight);
        inFlight.clear();
        now.forEach(Runnable::run);
    }

    private void awaitAll(long round) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> engines.stream().allMatch(e -> e.lastRound() >= round));
    }
}
