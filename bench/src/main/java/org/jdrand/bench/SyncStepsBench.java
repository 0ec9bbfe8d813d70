package org.jdrand.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.PreparedBeacon;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import supranational.blst.P1_Affine;
import supranational.blst.P2_Affine;

/**
 * The pure steps of a catch-up, per beacon: what the sync's {@code VerifyPipeline} spreads over
 * its workers ({@code prepare} = decode + subgroup check + hash to the curve, cofactor clearing
 * deferred) and what it runs once per chunk of 1000 ({@code combine1000}: the two weighted sums
 * and one pairing product). blst's uncompress and subgroup check are also timed apart.
 *
 * <p>JMH: {@code java -jar benchmarks.jar SyncStepsBench}; the fork gets native access, which is
 * enough for the foreign-linker hash on JDK 22+; on JDK 17 pass {@code -jvmArgsAppend "--add-modules
 * jdk.incubator.foreign --enable-native-access=ALL-UNNAMED"} (the daemon's flags, replacing these). Median thread CPU per call (robust on a shared
 * machine): {@code java <the daemon's flags> -cp benchmarks.jar org.jdrand.bench.SyncStepsBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SyncStepsBench {
    static final int CHUNK = 1000;

    @Param({"pedersen-bls-chained", "bls-unchained-g1-rfc9380"})
    public String scheme;

    private BlsBackend backend;
    private Scheme s;
    private BeaconVerifier verifier;
    private List<Beacon> beacons;
    private List<PreparedBeacon> prepared;
    private List<org.jdrand.crypto.DeferredHash> hashes;
    private List<org.jdrand.crypto.Point> signatures;
    private List<org.jdrand.crypto.Scalar> weights;
    private int next;

    @Setup
    public void setUp() {
        backend = BlsBackends.blst();
        s = Scheme.byId(scheme);
        Fixtures.Chain chain = Fixtures.chain(backend, s, CHUNK, 7);
        verifier = new BeaconVerifier(backend, s, chain.publicKey());
        beacons = chain.beacons();
        prepared = beacons.stream().map(verifier::prepare).toList();
        if (!verifier.invalidPreparedRounds(prepared).isEmpty()) {
            throw new IllegalStateException("fixture chain does not verify");
        }
        hashes = beacons.stream().map(b -> backend.hashToCurveDeferred(s.signatureGroup(),
                s.digest(b.previousSignature(), b.round()), s.dstBytes())).toList();
        signatures = beacons.stream().map(b -> backend.decode(s.signatureGroup(), b.signature())).toList();
        java.util.Random r = new java.util.Random(7);
        weights = beacons.stream().map(b -> org.jdrand.crypto.Scalar.of(new java.math.BigInteger(64, r))).toList();
    }

    private Beacon nextBeacon() {
        next = (next + 1) % CHUNK;
        return beacons.get(next);
    }

    /** Decode + subgroup check + hash (what a worker does per beacon). */
    @Benchmark
    public Object prepare() {
        return verifier.prepare(nextBeacon());
    }

    /** The signature decoded with jdrand's full checks (encoding, curve, subgroup, not infinity). */
    @Benchmark
    public Object decodeSignature() {
        return backend.decode(s.signatureGroup(), nextBeacon().signature());
    }

    /** blst's uncompress alone (point on the curve, no subgroup check). */
    @Benchmark
    public Object blstUncompress() {
        byte[] sig = nextBeacon().signature();
        return s.signatureGroup() == Group.G2 ? new P2_Affine(sig) : new P1_Affine(sig);
    }

    /** blst's uncompress and subgroup check. */
    @Benchmark
    public boolean blstUncompressAndSubgroupCheck() {
        byte[] sig = nextBeacon().signature();
        return s.signatureGroup() == Group.G2 ? new P2_Affine(sig).in_group() : new P1_Affine(sig).in_group();
    }

    /** The round message (SHA-256) and its hash to the curve, cofactor clearing deferred where the backend can. */
    @Benchmark
    public Object hashToCurveDeferred() {
        Beacon b = nextBeacon();
        return backend.hashToCurveDeferred(s.signatureGroup(), s.digest(b.previousSignature(), b.round()), s.dstBytes());
    }

    /** One chunk's batch half: the two weighted sums (fresh weights) and one pairing product; divide by 1000. */
    @Benchmark
    public List<Long> combine1000() {
        return verifier.invalidPreparedRounds(prepared);
    }

    /** The weighted sum of a chunk's hashes (64-bit weights; G2: cofactor cleared once on the sum; G1: blst's Pippenger on the foreign path). */
    @Benchmark
    public Object sumOfHashes1000() {
        return backend.sumOfHashes(hashes, weights);
    }

    /** The weighted sum of a chunk's decoded signatures (blst's Pippenger on the foreign path). */
    @Benchmark
    public Object sumOfSignatures1000() {
        return backend.multiScalarMultiply(signatures, weights);
    }

    /** Median thread CPU time per call of each step, both schemes. */
    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.printf("java %s, load average %.1f, hashToCurve %s%n", Runtime.version(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), BlsBackends.blst().hashToCurvePath());
        for (String id : new String[] {"pedersen-bls-chained", "bls-unchained-g1-rfc9380"}) {
            SyncStepsBench b = new SyncStepsBench();
            b.scheme = id;
            b.setUp();
            report(mx, id, "prepare", calls, b::prepare);
            report(mx, id, "decodeSignature", calls, b::decodeSignature);
            report(mx, id, "blstUncompress", calls, b::blstUncompress);
            report(mx, id, "blstUncompressAndSubgroupCheck", calls, b::blstUncompressAndSubgroupCheck);
            report(mx, id, "hashToCurveDeferred", calls, b::hashToCurveDeferred);
            double perBatch = median(mx, Math.max(5, calls / 200), b::combine1000);
            System.out.printf("%-26s %-32s %9.1f µs per beacon (%.1f ms per 1000)%n", id, "combine1000",
                    perBatch / CHUNK, perBatch / 1000);
            perBatch = median(mx, Math.max(5, calls / 200), b::sumOfHashes1000);
            System.out.printf("%-26s %-32s %9.1f µs per beacon (%.1f ms per 1000)%n", id, "sumOfHashes1000",
                    perBatch / CHUNK, perBatch / 1000);
            perBatch = median(mx, Math.max(5, calls / 200), b::sumOfSignatures1000);
            System.out.printf("%-26s %-32s %9.1f µs per beacon (%.1f ms per 1000)%n", id, "sumOfSignatures1000",
                    perBatch / CHUNK, perBatch / 1000);
        }
    }

    private static void report(ThreadMXBean mx, String scheme, String step, int calls, Supplier<?> call) {
        System.out.printf("%-26s %-32s %9.1f µs%n", scheme, step, median(mx, calls, call));
    }

    /** Median µs of thread CPU per call, after as many warm-up calls. */
    private static double median(ThreadMXBean mx, int calls, Supplier<?> call) {
        long[] t = new long[calls];
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < calls; i++) {
                long t0 = mx.getCurrentThreadCpuTime();
                if (call.get() == null) {
                    throw new IllegalStateException("no result");
                }
                t[i] = mx.getCurrentThreadCpuTime() - t0;
            }
        }
        Arrays.sort(t);
        return t[calls / 2] / 1e3;
    }
}
