package org.jdrand.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * {@link TlockBench}'s methods timed in median <em>thread CPU time</em> per call (as
 * {@link CpuTime} does for verification), for figures that survive a loaded machine. Run:
 * {@code java -cp bench/target/benchmarks.jar org.jdrand.bench.TlockCpuTime}.
 */
public final class TlockCpuTime {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private TlockCpuTime() {}

    /** With the argument {@code evmnet}, only the BN254 (evmnet) small-message figures. */
    public static void main(String[] args) throws Exception {
        System.out.printf("%-64s %12s %6s%n", "benchmark", "median ms", "calls");
        TlockBench.SmallEvmnet e = new TlockBench.SmallEvmnet();
        e.setUp();
        report("tlock encrypt 32 B bn254 bls-bn254-unchained-on-g1", 50, e::encrypt);
        report("tlock decrypt 32 B bn254 bls-bn254-unchained-on-g1", 50, e::decrypt);
        if (args.length > 0 && args[0].equals("evmnet")) {
            return;
        }
        for (String backend : new String[] {"blst", "bouncycastle"}) {
            boolean fast = backend.equals("blst");
            for (String scheme : new String[] {"bls-unchained-g1-rfc9380", "pedersen-bls-unchained"}) {
                TlockBench.Small s = new TlockBench.Small();
                s.backend = backend;
                s.scheme = scheme;
                s.setUp();
                report("tlock encrypt 32 B " + backend + " " + scheme, fast ? 200 : 10, s::encrypt);
                report("tlock decrypt 32 B " + backend + " " + scheme, fast ? 200 : 10, s::decrypt);
            }
        }
        TlockBench.Large l = new TlockBench.Large();
        l.setUp();
        report("tlock encrypt 100 MB blst (MB/s = 100000 / ms)", 3, l::encrypt100MB);
        report("tlock decrypt 100 MB blst (MB/s = 100000 / ms)", 3, l::decrypt100MB);
    }

    private static void report(String name, int calls, Callable<?> op) throws Exception {
        for (int i = 0; i < Math.max(2, calls / 2); i++) {
            op.call(); // warm-up
        }
        long[] ns = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = MX.getCurrentThreadCpuTime();
            if (op.call() == null) {
                throw new IllegalStateException(name + ": no result");
            }
            ns[i] = MX.getCurrentThreadCpuTime() - t0;
        }
        Arrays.sort(ns);
        System.out.printf("%-64s %12.3f %6d%n", name, ns[calls / 2] / 1e6, calls);
    }
}
