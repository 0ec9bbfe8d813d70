package org.jdrand.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * A companion to the JMH benchmarks for a loaded machine: runs the same benchmark methods and
 * reports the median <em>thread CPU time</em> per call, which, unlike wall time, does not count
 * the time the thread waits for a core while other processes run. Not a substitute for JMH on
 * an idle machine. Run: {@code java -cp bench/target/benchmarks.jar org.jdrand.bench.CpuTime}.
 */
public final class CpuTime {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private CpuTime() {}

    public static void main(String[] args) {
        System.out.printf("%-60s %12s %8s%n", "benchmark", "median ms", "calls");
        if (args.length > 0 && args[0].equals("bn254")) {
            bn254();
            return;
        }
        boolean primitivesOnly = args.length > 0 && args[0].equals("primitives");
        boolean recoverOnly = args.length > 0 && args[0].equals("recover");
        for (String backend : primitivesOnly || recoverOnly ? new String[0] : new String[] {"blst", "bouncycastle"}) {
            boolean fast = backend.equals("blst");
            for (String scheme : new String[] {"pedersen-bls-chained", "pedersen-bls-unchained", "bls-unchained-g1-rfc9380", "bls-unchained-on-g1"}) {
                VerifyBench v = new VerifyBench();
                v.backend = backend;
                v.scheme = scheme;
                v.setUp();
                report("verifyFromBytes " + backend + " " + scheme, fast ? 300 : 20, v::verifyFromBytes, 1);
            }
            for (String scheme : new String[] {"pedersen-bls-chained", "bls-unchained-g1-rfc9380"}) {
                PartialBench p = new PartialBench();
                p.backend = backend;
                p.scheme = scheme;
                p.setUp();
                report("partialSign " + backend + " " + scheme, fast ? 300 : 20, p::partialSign, 1);
                report("partialVerify " + backend + " " + scheme, fast ? 300 : 20, p::partialVerify, 1);
            }
        }
        for (String group : recoverOnly ? new String[0] : new String[] {"G1", "G2"}) {
            PrimitivesBench p = new PrimitivesBench();
            p.backend = "blst";
            p.group = group;
            p.setUp();
            report("hashToCurve blst " + group, 300, p::hashToCurve, 1);
            report("decode (incl. subgroup check) blst " + group, 300, p::decode, 1);
            report("multiply 255-bit blst " + group, 300, p::multiplyFull, 1);
            report("multiply 64-bit weight blst " + group, 300, p::multiply64BitWeight, 1);
            report("msm 1000 x 64-bit blst " + group + " (per point)", 10, p::msm1000Weights, 1000);
            report("pairing product of two blst", 300, p::pairingProductOfTwo, 1);
        }
        for (String scheme : primitivesOnly ? new String[0] : new String[] {"pedersen-bls-chained", "bls-unchained-g1-rfc9380"}) {
            for (int size : recoverOnly ? new int[0] : new int[] {100, 1000}) {
                BatchVerifyBench b = new BatchVerifyBench();
                b.backend = "blst";
                b.scheme = scheme;
                b.size = size;
                b.setUp();
                report("verifyBatch blst " + scheme + " " + size + " (per beacon)", size == 100 ? 30 : 7, b::verifyBatch, size);
            }
            for (int t : new int[] {3, 7, 15}) {
                ThresholdBench r = new ThresholdBench();
                r.backend = "blst";
                r.scheme = scheme;
                r.threshold = t;
                r.setUp();
                report("recover blst " + scheme + " t=" + t, 100, r::recover, 1);
            }
        }
    }

    /** The evmnet scheme on the pure-Java bn254 backend ({@link Bn254Bench}, {@link Bn254ThresholdBench}). */
    private static void bn254() {
        Bn254Bench b = new Bn254Bench();
        b.size = 1000;
        b.setUp();
        report("verifyFromBytes bn254 bls-bn254-unchained-on-g1", 200, b::verifyFromBytes, 1);
        report("verifyBatch bn254 bls-bn254-unchained-on-g1 1000 (per beacon)", 7, b::verifyBatch, 1000);
        Bn254ThresholdBench r = new Bn254ThresholdBench();
        r.threshold = 7;
        r.setUp();
        report("recover bn254 bls-bn254-unchained-on-g1 t=7", 50, r::recover, 1);
        report("signPartial bn254 bls-bn254-unchained-on-g1", 200, r::signPartial, 1);
    }

    private static void report(String name, int calls, Supplier<?> op, int perCall) {
        for (int i = 0; i < Math.max(5, calls / 2); i++) {
            op.get(); // warm-up
        }
        long[] ns = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = MX.getCurrentThreadCpuTime();
            Object r = op.get();
            ns[i] = MX.getCurrentThreadCpuTime() - t0;
            if (r == null || Boolean.FALSE.equals(r)) {
                throw new IllegalStateException(name + ": operation failed");
            }
        }
        Arrays.sort(ns);
        System.out.printf("%-60s %12.3f %8d%n", name, ns[calls / 2] / 1e6 / perCall, calls);
    }
}
