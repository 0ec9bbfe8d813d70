package org.jdrand.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A whole batch of valid beacons of one chain (score per batch; divide by size per beacon). The
 * fork allows native access (a flag every JDK 17+ accepts), which gives blst's deferred-clearing
 * hash to G2 on JDK 22+ as the daemon has it; on JDK 17 pass {@code -jvmArgsAppend "--add-modules
 * jdk.incubator.foreign --enable-native-access=ALL-UNNAMED"} (replacing these flags; JDK 19+ reject
 * the module). {@code -jvmArgsAppend -Djdrand.bls.foreign=false} measures the jblst-only fallback.
 * Each fork prints the path it measures ({@code # hashToCurve=...}).
 */
@State(Scope.Benchmark)
@Fork(jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BatchVerifyBench {
    @Param({"blst"})
    public String backend;

    @Param({"pedersen-bls-chained", "bls-unchained-g1-rfc9380"})
    public String scheme;

    @Param({"100", "1000"})
    public int size;

    private BeaconVerifier verifier;
    private List<Beacon> beacons;

    @Setup
    public void setUp() {
        BlsBackend be = BlsBackends.byName(backend);
        System.out.println("# hashToCurve=" + be.hashToCurvePath() + (be.hashToCurveNote().isEmpty() ? "" : " (" + be.hashToCurveNote() + ")"));
        Scheme s = Scheme.byId(scheme);
        Fixtures.Chain chain = Fixtures.chain(be, s, size, 7);
        verifier = new BeaconVerifier(be, s, chain.publicKey());
        beacons = chain.beacons();
        if (!verifier.isValidBatch(beacons)) {
            throw new IllegalStateException("fixture batch does not verify");
        }
    }

    @Benchmark
    public boolean verifyBatch() {
        return verifier.isValidBatch(beacons);
    }
}
