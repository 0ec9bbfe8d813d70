package org.jdrand.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.crypto.tbls.PubPoly;
import org.jdrand.node.beacon.BeaconProcess;
import org.jdrand.node.daemon.BeaconSetup;
import org.jdrand.node.daemon.Daemon;
import org.jdrand.node.daemon.DaemonConfig;
import org.jdrand.node.engine.StartMode;
import org.jdrand.node.engine.SystemScheduler;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.NodeIdentity;
import org.jdrand.node.store.ChainStore;
import org.jdrand.node.store.MemoryChainStore;
import org.jdrand.node.store.SqliteChainStore;

/**
 * Round latency on the real clock: 5 daemons (t = 3) in one JVM over gRPC on loopback, period
 * 1 s, SQLite stores; latency = wall time from the round boundary to the beacon being durably
 * stored, on every node. Not a test: run it with
 * {@code java -cp bench/target/benchmarks.jar org.jdrand.bench.RoundLatencyBench [rounds] [scheme]}.
 */
public final class RoundLatencyBench {
    public static void main(String[] args) throws Exception {
        ThreadCpu cpu = new ThreadCpu(); // sampled from the start: threads that end early count too
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        // rounds run first and reported apart (JIT compilation of gRPC, crypto and SQLite code)
        int warmup = Integer.getInteger("jdrand.bench.warmup", 0);
        int rounds = warmup + measured;
        Scheme scheme = args.length > 1 ? Scheme.byId(args[1]) : Scheme.PEDERSEN_BLS_CHAINED;
        // "memory" instead of SQLite: shows what the fsync of each append costs
        boolean memory = args.length > 2 && args[2].equals("memory");
        int n = 5;
        int t = 3;
        BlsBackend backend = BlsBackends.blst();
        InstantSource clock = InstantSource.system();
        SystemScheduler scheduler = new SystemScheduler(clock);
        Path dir = Files.createTempDirectory("jdrand-latency");
        PriPoly poly = PriPoly.random(t, new SecureRandom());
        PubPoly pub = poly.commit(backend, scheme.keyGroup());
        Daemon[] daemons = new Daemon[n];
        List<Group.Member> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            daemons[i] = Daemon.standalone(DaemonConfig.loopback(), scheduler, backend).start();
            members.add(new Group.Member(i, new NodeIdentity(daemons[i].privateAddress(), pub.eval(i), new byte[0],
                    scheme)));
        }
        long genesis = clock.instant().getEpochSecond() + 5;
        byte[] seed = Scheme.sha256().digest(("bench-" + genesis).getBytes());
        Group group = new Group(members, t, Duration.ofSeconds(1), Duration.ZERO, genesis, genesis, seed, scheme, "default",
                pub.commits());
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Long> warmupLatencies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(n);
        CountDownLatch warmedUp = new CountDownLatch(warmup > 0 ? n : 0);
        for (int i = 0; i < n; i++) {
            ChainStore store = memory ? new MemoryChainStore(group.chainInfo())
                    : SqliteChainStore.open(dir.resolve("node" + i + ".sqlite"), group.chainInfo());
            BeaconProcess p = daemons[i].supervisor().start(new BeaconSetup(group, members.get(i), poly.share(i), store,
                    StartMode.START));
            p.engine().addListener(b -> {
                long ms = clock.millis() - group.chainInfo().timeOfRound(b.round()) * 1000;
                if (b.round() > Math.max(1, warmup)) { // round 1 includes connection set-up
                    latencies.add(ms);
                } else if (b.round() > 1) {
                    warmupLatencies.add(ms);
                }

                if (b.round() == warmup) {
                    warmedUp.countDown();
                }
                if (b.round() == rounds) {
                    done.countDown();
                }
            });
        }
        System.out.printf("scheme=%s nodes=%d threshold=%d period=1s rounds=%d (after %d warm-up rounds) store=%s genesis=%d%n",
                scheme.id(), n, t, measured, warmup, memory ? "memory" : "sqlite", genesis);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        warmedUp.await(warmup + 60L, TimeUnit.SECONDS);
        long cpu0 = os.getProcessCpuTime();
        java.util.Map<String, Double> threads0 = cpu.snapshot();
        boolean finished = done.await(rounds + 60L, TimeUnit.SECONDS);
        double cpuMsPerRound = (os.getProcessCpuTime() - cpu0) / 1e6 / (warmup > 0 ? measured : rounds);
        cpu.print(threads0);
        for (Daemon d : daemons) {
            d.close();
        }
        scheduler.close();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println("no beacon stored");
            System.exit(1);
        }
        System.out.printf("load average %.1f%n", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
        if (!warmupLatencies.isEmpty()) {
            List<Long> w = new ArrayList<>(warmupLatencies);
            Collections.sort(w);
            System.out.printf("warm-up: samples=%d (rounds 2..%d x %d nodes) p50=%d ms p90=%d ms p99=%d ms max=%d ms%n",
                    w.size(), warmup, n, pct(w, 50), pct(w, 90), pct(w, 99), w.get(w.size() - 1));
        }
        System.out.printf("finished=%s samples=%d (rounds %d..%d x %d nodes) p50=%d ms p90=%d ms p99=%d ms max=%d ms%n",
                finished, sorted.size(), Math.max(1, warmup) + 1, rounds, n, pct(sorted, 50), pct(sorted, 90),
                pct(sorted, 99), sorted.get(sorted.size() - 1));
        System.out.printf(warmup > 0 ? "process CPU %.1f ms per measured round (all %d nodes)%n"
                : "process CPU %.1f ms per round (all %d nodes, incl. set-up and the wait for genesis)%n", cpuMsPerRound, n);
        System.exit(finished ? 0 : 1);
    }

    private static long pct(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
