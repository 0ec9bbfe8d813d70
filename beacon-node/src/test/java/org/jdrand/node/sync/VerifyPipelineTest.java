package org.jdrand.node.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.PreparedBeacon;
import org.jdrand.crypto.chain.ThresholdChain;
import org.jdrand.node.engine.BeaconCrypto;
import org.jdrand.node.engine.ThresholdBeaconCrypto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sync's parallel verification: real chains, real blst; faults injected around the real steps. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VerifyPipelineTest {
    private static final int ROUNDS = 400;
    private static ThresholdChain chain;
    private static BeaconCrypto crypto;

    @BeforeAll
    static void chain() {
        Scheme scheme = Scheme.PEDERSEN_BLS_CHAINED;
        chain = ThresholdChain.create(scheme, "default", 3, 1_600_000_000L, ROUNDS);
        crypto = new ThresholdBeaconCrypto(BlsBackends.blst(), scheme,
                chain.poly().commit(BlsBackends.blst(), scheme.keyGroup()).commits().stream()
                        .map(p -> p.toBytes()).toList(), chain.n(), null);
    }

    /** Cuts rounds 1..ROUNDS of {@code beacons} in chunks of the given sizes (the rest in the last). */
    private static List<List<Beacon>> chunks(List<Beacon> beacons, int... sizes) {
        List<List<Beacon>> out = new ArrayList<>();
        int at = 0;
        for (int size : sizes) {
            out.add(beacons.subList(at, at + size));
            at += size;
        }
        out.add(beacons.subList(at, beacons.size()));
        return out;
    }

    @Test
    void chunksComeBackInSubmissionOrderEvenWhenALaterOneFinishesFirst() throws Exception {
        // the first chunk's preparation waits until the last chunk has been combined
        CountDownLatch lastCombined = new CountDownLatch(1);
        VerifyPipeline.Steps real = VerifyPipeline.Steps.of(crypto);
        VerifyPipeline.Steps steps = new VerifyPipeline.Steps() {
            @Override
            public PreparedBeacon prepare(Beacon beacon) {
                if (beacon.round() == 1) {
                    try {
                        assertThat(lastCombined.await(30, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return real.prepare(beacon);
            }

            @Override
            public List<Long> invalidRounds(List<PreparedBeacon> prepared) {
                List<Long> invalid = real.invalidRounds(prepared);
                if (prepared.get(prepared.size() - 1).round() == ROUNDS) {
                    lastCombined.countDown();
                }
                return invalid;
            }
        };
        List<List<Beacon>> chunks = chunks(chain.beacons(), 130, 7, 1, 200);
        List<Beacon> out = new ArrayList<>();
        try (VerifyPipeline pipe = new VerifyPipeline(steps, 3, "order")) {
            chunks.forEach(pipe::submit);
            assertThat(pipe.pending()).isEqualTo(chunks.size());
            while (pipe.pending() > 0) {
                out.addAll(pipe.take());
            }
        }
        assertThat(lastCombined.getCount()).isZero();
        assertThat(out).isEqualTo(chain.beacons());
    }

    @Test
    void theWorkersRunAtJavasLowestPriority() throws Exception {
        // deploy/bin/jdrand maps it to the JIT's nice 10: a catch-up yields to the rounds, not to the compiler
        List<Integer> priorities = Collections.synchronizedList(new ArrayList<>());
        VerifyPipeline.Steps real = VerifyPipeline.Steps.of(crypto);
        VerifyPipeline.Steps steps = new VerifyPipeline.Steps() {
            @Override
            public PreparedBeacon prepare(Beacon beacon) {
                priorities.add(Thread.currentThread().getPriority());
                return real.prepare(beacon);
            }

            @Override
            public List<Long> invalidRounds(List<PreparedBeacon> prepared) {
                priorities.add(Thread.currentThread().getPriority());
                return real.invalidRounds(prepared);
            }
        };
        try (VerifyPipeline pipe = new VerifyPipeline(steps, 2, "priority")) {
            pipe.submit(chain.beacons().subList(0, 50));
            assertThat(pipe.take()).isEqualTo(chain.beacons().subList(0, 50));
        }
        assertThat(priorities).hasSizeGreaterThan(50).containsOnly(Thread.MIN_PRIORITY);
    }

    @Test
    void aBadBeaconAtRoundKIsRejectedByName() throws Exception {
        long k = 263;
        List<Beacon> tampered = chain.tampered(k); // a valid point, the wrong message: only the pairing finds it
        List<List<Beacon>> chunks = chunks(tampered, 100, 100, 100);
        try (VerifyPipeline pipe = new VerifyPipeline(VerifyPipeline.Steps.of(crypto), 2, "bad")) {
            chunks.forEach(pipe::submit);
            assertThat(pipe.take()).isEqualTo(chain.beacons().subList(0, 100));
            assertThat(pipe.take()).isEqualTo(chain.beacons().subList(100, 200));
            assertThatThrownBy(pipe::take)
                    .isInstanceOfSatisfying(VerifyPipeline.InvalidChunkException.class, e -> {
                        assertThat(e.firstRound()).isEqualTo(k);
                        assertThat(e.invalidRounds()).containsExactly(k);
                    })
                    .hasMessage("beacon does not verify: round 263 (1 invalid of rounds 201..300)");
        }
    }

    @Test
    void aMalformedSignatureIsRejectedByNameToo() throws Exception {
        List<Beacon> beacons = new ArrayList<>(chain.beacons().subList(0, 150));
        Beacon b = beacons.get(41);
        beacons.set(41, new Beacon(42, new byte[96], b.previousSignature())); // not a compressed point
        try (VerifyPipeline pipe = new VerifyPipeline(VerifyPipeline.Steps.of(crypto), 2, "malformed")) {
            pipe.submit(beacons);
            assertThatThrownBy(pipe::take)
                    .isInstanceOf(VerifyPipeline.InvalidChunkException.class)
                    .hasMessageStartingWith("beacon does not verify: round 42 (1 invalid of rounds 1..150)");
        }
    }

    @Test
    void aWorkerExceptionReachesTheCaller() throws Exception {
        VerifyPipeline.Steps real = VerifyPipeline.Steps.of(crypto);
        VerifyPipeline.Steps failing = new VerifyPipeline.Steps() {
            @Override
            public PreparedBeacon prepare(Beacon beacon) {
                if (beacon.round() == 57) {
                    throw new IllegalStateException("worker failed at round 57");
                }
                return real.prepare(beacon);
            }

            @Override
            public List<Long> invalidRounds(List<PreparedBeacon> prepared) {
                return real.invalidRounds(prepared);
            }
        };
        try (VerifyPipeline pipe = new VerifyPipeline(failing, 2, "failing")) {
            pipe.submit(chain.beacons().subList(0, 50));
            pipe.submit(chain.beacons().subList(50, 200));
            assertThat(pipe.take()).hasSize(50);
            assertThatThrownBy(pipe::take)
                    .isInstanceOf(ExecutionException.class)
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("worker failed at round 57");
        }
    }

    @Test
    void closeShutsThePoolDown() throws Exception {
        VerifyPipeline pipe = new VerifyPipeline(VerifyPipeline.Steps.of(crypto), 2, "closing");
        pipe.submit(chain.beacons().subList(0, 300));
        assertThat(pipe.take()).hasSize(300);
        pipe.submit(chain.beacons().subList(300, 400)); // abandoned in flight
        assertThat(workerThreads("jdrand-verify-closing-")).isPositive();
        pipe.close();
        assertThat(pipe.isClosed()).isTrue();
        assertThat(pipe.pending()).isZero();
        // a worker thread may outlive the pool's termination by a moment
        await().atMost(Duration.ofSeconds(10)).until(() -> workerThreads("jdrand-verify-closing-") == 0);
        assertThatThrownBy(() -> pipe.submit(chain.beacons().subList(0, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("verify pipeline: closed");
    }

    private static long workerThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
                .count();
    }
}
