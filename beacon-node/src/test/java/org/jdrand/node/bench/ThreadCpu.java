package org.jdrand.node.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;

/** CPU seconds per thread family (worker pool, gRPC event loop, engine, JIT...) of the live threads. */
final class ThreadCpu {
    private ThreadCpu() {}

    static void print() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Double> byFamily = new TreeMap<>();
        for (ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (ti == null) {
                continue;
            }
            long ns = mx.getThreadCpuTime(ti.getThreadId());
            if (ns > 0) {
                byFamily.merge(ti.getThreadName().replaceAll("[-#]?\\d+", ""), ns / 1e9, Double::sum);
            }
        }
        byFamily.forEach((name, secs) -> {
            if (secs >= 0.1) {
                System.out.printf("  thread CPU %-40s %6.1f s%n", name, secs);
            }
        });
    }
}
