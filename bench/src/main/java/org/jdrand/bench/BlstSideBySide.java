package org.jdrand.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Group;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import supranational.blst.BLST_ERROR;
import supranational.blst.P1_Affine;
import supranational.blst.P2_Affine;
import supranational.blst.Pairing;

/**
 * One beacon verified from its bytes by jdrand ({@code BeaconVerifier.isValid}, the
 * {@code verifyFromBytes} of {@link VerifyBench}) and by blst's own verify on the same bytes,
 * called through jblst's thin JNI layer (SHA-256 of the round message, blst's uncompress of the
 * signature, then blst):
 * <ul>
 *   <li>{@code blstCoreVerify}: {@code blst_core_verify_pk_in_g1/g2}, blst's one-call verify: it
 *       subgroup-checks the signature <em>and</em> the public key on every call (current blst),
 *       hashes to the curve with the scheme's DST and checks the pairing equation;
 *   <li>{@code blstPairingVerify}: blst's pairing context ({@code blst_pairing_aggregate_pk_in_g1/g2},
 *       commit, final verify): the same, except that the public key is not re-checked, which is
 *       exactly jdrand's work (the group key is decoded and checked once, when the verifier is made).
 * </ul>
 * The group key is decoded once in all three. Issue 18's target: jdrand ≤ 1.15× blst.
 * {@code @chainsafe/blst} (Node.js) cannot take part: it hard-codes Ethereum's DST, so it cannot
 * verify a drand beacon.
 *
 * <p>JMH: {@code java -jar benchmarks.jar BlstSideBySide}. Thread CPU time, the two interleaved
 * call by call (robust on a shared machine): {@code java -cp benchmarks.jar
 * org.jdrand.bench.BlstSideBySide [calls]}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BlstSideBySide {
    @Param({"pedersen-bls-chained", "bls-unchained-g1-rfc9380"})
    public String scheme;

    private BeaconVerifier verifier;
    private boolean sigOnG2;
    private P1_Affine keyG1;
    private P2_Affine keyG2;
    private String dst;
    private long round;
    private byte[] signature;
    private byte[] previous;

    @Setup
    public void setUp() {
        BlsBackend backend = BlsBackends.blst();
        Scheme s = Scheme.byId(scheme);
        Fixtures.Chain chain = Fixtures.chain(backend, s, 2, 42);
        verifier = new BeaconVerifier(backend, s, chain.publicKey());
        sigOnG2 = s.signatureGroup() == Group.G2;
        if (sigOnG2) {
            keyG1 = new P1_Affine(chain.publicKey());
        } else {
            keyG2 = new P2_Affine(chain.publicKey());
        }
        dst = s.dst();
        Beacon b = chain.beacons().get(1);
        round = b.round();
        signature = b.signature();
        previous = b.previousSignature();
        // both must agree on the valid beacon and on a tampered one (another round's signature)
        byte[] other = chain.beacons().get(0).signature();
        if (!jdrandVerifyFromBytes() || !blstCoreVerify() || !blstPairingVerify()) {
            throw new IllegalStateException("fixture beacon does not verify: jdrand " + jdrandVerifyFromBytes()
                    + ", blst " + blstCoreVerify() + " / " + blstPairingVerify());
        }
        byte[] good = signature;
        signature = other;
        boolean jdrandBad = jdrandVerifyFromBytes();
        boolean blstBad = blstCoreVerify() || blstPairingVerify();
        signature = good;
        if (jdrandBad || blstBad) {
            throw new IllegalStateException("tampered beacon verifies: jdrand " + jdrandBad + ", blst " + blstBad);
        }
    }

    @Benchmark
    public boolean jdrandVerifyFromBytes() {
        return verifier.isValid(new Beacon(round, signature, previous));
    }

    @Benchmark
    public boolean blstCoreVerify() {
        byte[] msg = message(previous, round);
        try {
            BLST_ERROR e = sigOnG2
                    ? new P2_Affine(signature).core_verify(keyG1, true, msg, dst)
                    : new P1_Affine(signature).core_verify(keyG2, true, msg, dst);
            return e == BLST_ERROR.BLST_SUCCESS;
        } catch (RuntimeException malformed) { // jblst throws when the bytes do not uncompress
            return false;
        }
    }

    @Benchmark
    public boolean blstPairingVerify() {
        byte[] msg = message(previous, round);
        try {
            Pairing ctx = new Pairing(true, dst);
            BLST_ERROR e = sigOnG2
                    ? ctx.aggregate(keyG1, new P2_Affine(signature), msg) // signature subgroup-checked here
                    : ctx.aggregate(keyG2, new P1_Affine(signature), msg);
            if (e != BLST_ERROR.BLST_SUCCESS) {
                return false;
            }
            ctx.commit();
            return ctx.finalverify();
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /** drand's round message: SHA-256(previous signature ‖ BE64(round)), the first part only when chained. */
    private static byte[] message(byte[] previous, long round) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            if (previous != null) {
                sha.update(previous);
            }
            return sha.digest(ByteBuffer.allocate(8).putLong(round).array());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Median thread CPU time per call, jdrand and blst interleaved call by call. */
    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.printf("java %s, load average %.1f, %d interleaved calls each after %d warm-up calls%n",
                Runtime.version(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), calls, calls);
        for (String id : new String[] {"pedersen-bls-chained", "bls-unchained-g1-rfc9380"}) {
            BlstSideBySide b = new BlstSideBySide();
            b.scheme = id;
            b.setUp();
            long[] jdrand = new long[calls];
            long[] core = new long[calls];
            long[] pairing = new long[calls];
            for (int pass = 0; pass < 2; pass++) { // the first pass warms up the JIT
                for (int i = 0; i < calls; i++) {
                    jdrand[i] = cpu(mx, b::jdrandVerifyFromBytes);
                    core[i] = cpu(mx, b::blstCoreVerify);
                    pairing[i] = cpu(mx, b::blstPairingVerify);
                }
            }
            double j = median(jdrand) / 1e3;
            double c = median(core) / 1e3;
            double p = median(pairing) / 1e3;
            System.out.printf("%-26s jdrand %7.1f µs | blst core_verify %7.1f µs (ratio %.3f) | blst pairing %7.1f µs"
                    + " (ratio %.3f)%n", id, j, c, j / c, p, j / p);
        }
    }

    private static long cpu(ThreadMXBean mx, BooleanSupplier call) {
        long t0 = mx.getCurrentThreadCpuTime();
        if (!call.getAsBoolean()) {
            throw new IllegalStateException("valid beacon rejected");
        }
        return mx.getCurrentThreadCpuTime() - t0;
    }

    private static double median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
