package org.jdrand.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * CPU seconds per thread family (worker pool, gRPC event loop, engine...) of the live Java threads,
 * and, on Linux, of the JVM's own threads too (JIT compilers, GC), which the MXBean does not list.
 */
final class ThreadCpu implements AutoCloseable {
    private static final long SAMPLE_MS = 100;

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final Map<Long, String> families = new ConcurrentHashMap<>();
    private final Map<Long, Long> cpuNanos = new ConcurrentHashMap<>();
    private final Thread sampler;

    /**
     * Starts sampling the Java threads' CPU every 100 ms, so that threads which end before the
     * report (a sync's verification pool ends with the sync) are still counted, up to their last
     * sample.
     */
    ThreadCpu() {
        sample();
        sampler = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(SAMPLE_MS);
                    sample();
                }
            } catch (InterruptedException e) {
                // closed
            }
        }, "bench-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        for (ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (ti == null) {
                continue;
            }
            long ns = mx.getThreadCpuTime(ti.getThreadId());
            if (ns > 0) {
                cpuNanos.put(ti.getThreadId(), ns);
                families.computeIfAbsent(ti.getThreadId(), id -> family(ti.getThreadName())); // once per thread: the sampler's own CPU stays small
            }
        }
    }

    /** CPU seconds so far per thread family ("jvm " + name for JIT and GC threads), ended threads included. */
    Map<String, Double> snapshot() {
        sample();
        Map<String, Double> byFamily = new TreeMap<>();
        cpuNanos.forEach((id, ns) -> byFamily.merge(families.get(id), ns / 1e9, Double::sum));
        jvmThreads().forEach((name, secs) -> byFamily.merge("jvm " + name, secs, Double::sum));
        return byFamily;
    }

    /** Prints the CPU used since {@code before} (a {@link #snapshot()}). */
    void print(Map<String, Double> before) {
        snapshot().forEach((name, secs) -> {
            double used = secs - before.getOrDefault(name, 0.0);
            if (used >= 0.1) {
                System.out.printf("  thread CPU %-40s %6.1f s%n", name, used);
            }
        });
    }

    @Override
    public void close() {
        sampler.interrupt();
    }

    /** The name without its numbers (and a '-' or '#' before each): no regex, so the JIT has none to compile mid-run. */
    private static String family(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if ((c == '-' || c == '#') && i + 1 < name.length() && Character.isDigit(name.charAt(i + 1))) {
                continue;
            }
            if (!Character.isDigit(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** JIT and GC threads from /proc/self/task (names as the kernel keeps them, 15 characters); empty elsewhere. */
    private static Map<String, Double> jvmThreads() {
        return tasks(Path.of("/proc/self/task"), comm -> comm.startsWith("C1 ") || comm.startsWith("C2 ")
                || comm.startsWith("GC ") || comm.startsWith("G1 ") || comm.startsWith("VM ") || comm.startsWith("Sweeper"));
    }

    /**
     * CPU seconds per thread family of another process's live threads, from /proc/&lt;pid&gt;/task
     * (the kernel's 15-character names); empty where there is no /proc.
     */
    static Map<String, Double> ofProcess(long pid) {
        return tasks(Path.of("/proc/" + pid + "/task"), comm -> true);
    }

    private static Map<String, Double> tasks(Path tasks, java.util.function.Predicate<String> keep) {
        Map<String, Double> out = new TreeMap<>();
        if (!Files.isDirectory(tasks)) {
            return out;
        }
        double tick = 100.0; // USER_HZ on Linux
        try (Stream<Path> s = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) s::iterator) {
                try {
                    String comm = Files.readString(t.resolve("comm")).trim();
                    if (!keep.test(comm)) {
                        continue;
                    }
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double secs = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / tick; // utime, stime
                    out.merge(family(comm), secs, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // a thread that ended meanwhile
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }
}
