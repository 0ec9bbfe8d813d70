package org.jdrand.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link DkgBench} timed in thread CPU time (time on a core, not time waiting for one), for a
 * loaded machine where JMH wall time is inflated. Run:
 * {@code java -cp bench/target/benchmarks.jar org.jdrand.bench.DkgCpuTime [n ...]} (default 5 16 50).
 */
public final class DkgCpuTime {
    private DkgCpuTime() {}

    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String[] sizes = args.length == 0 ? new String[] {"5", "16", "50"} : args;
        System.out.printf("%-22s %14s %14s%n", "full DKG", "median cpu ms", "median wall ms");
        for (String size : sizes) {
            DkgBench bench = new DkgBench();
            bench.n = Integer.parseInt(size);
            bench.keys();
            int runs = bench.n >= 50 ? 3 : 7;
            long[] cpu = new long[runs];
            long[] wall = new long[runs];
            bench.sessions();
            bench.fullDkg(); // warm-up
            for (int i = 0; i < runs; i++) {
                bench.sessions();
                long c0 = mx.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                bench.fullDkg();
                cpu[i] = mx.getCurrentThreadCpuTime() - c0;
                wall[i] = System.nanoTime() - w0;
            }
            System.out.printf("n=%-3d t=%-3d (%d runs)  %14.0f %14.0f%n", bench.n, bench.n / 2 + 1, runs,
                    median(cpu) / 1e6, median(wall) / 1e6);
        }
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
