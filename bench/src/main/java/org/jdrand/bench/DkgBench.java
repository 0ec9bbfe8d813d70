package org.jdrand.bench;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.dkg.DkgBundle;
import org.jdrand.dkg.DkgConfig;
import org.jdrand.dkg.DkgNode;
import org.jdrand.dkg.DkgPhase;
import org.jdrand.dkg.DkgSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full fresh DKG with every node in this one thread (the in-memory broadcast of the dkg
 * tests): n = 5, 16, 50 with t = n/2 + 1, all honest, fast sync, blst. One invocation = deals,
 * responses and results of all n nodes, i.e. the total CPU the whole group spends.
 *
 * <pre>
 * ./mvnw -B -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar DkgBench
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class DkgBench {
    @Param({"5", "16", "50"})
    public int n;

    private final BlsBackend backend = BlsBackends.blst();
    private final Scheme scheme = Scheme.PEDERSEN_BLS_CHAINED;
    private List<Scalar> secrets;
    private List<DkgNode> nodes;
    private List<DkgSession> sessions;

    @Setup(Level.Trial)
    public void keys() {
        SecureRandom random = new SecureRandom();
        List<Scalar> raw = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            raw.add(Scalar.random(random));
        }
        raw.sort((a, b) -> Arrays.compareUnsigned(pub(a).toBytes(), pub(b).toBytes()));
        secrets = raw;
        nodes = DkgConfig.sortedByPublicKey(raw.stream().map(this::pub).toList());
    }

    @Setup(Level.Invocation)
    public void sessions() {
        SecureRandom random = new SecureRandom();
        sessions = new ArrayList<>();
        for (Scalar s : secrets) {
            sessions.add(DkgSession.create(DkgConfig.fresh(scheme, backend, s, nodes, n / 2 + 1,
                    DkgConfig.sessionId(1)), random));
        }
    }

    @Benchmark
    public Point fullDkg() {
        Deque<Delivery> queue = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            for (DkgBundle b : sessions.get(i).start()) {
                broadcast(queue, i, b);
            }
        }
        while (!queue.isEmpty()) {
            Delivery d = queue.poll();
            for (DkgBundle b : sessions.get(d.to()).onBundle(d.bundle()).outgoing()) {
                broadcast(queue, d.to(), b);
            }
        }
        for (DkgSession s : sessions) {
            if (s.phase() != DkgPhase.FINISH || s.result().isEmpty()) {
                throw new IllegalStateException("dkg bench: node " + s.index() + " did not finish: " + s.outcome());
            }
        }
        return sessions.get(0).result().orElseThrow().groupKey();
    }

    private record Delivery(int to, DkgBundle bundle) {}

    private void broadcast(Deque<Delivery> queue, int from, DkgBundle b) {
        for (int to = 0; to < n; to++) {
            if (to != from) {
                queue.add(new Delivery(to, b));
            }
        }
    }

    private Point pub(Scalar s) {
        return backend.generator(scheme.keyGroup()).multiply(s);
    }
}
