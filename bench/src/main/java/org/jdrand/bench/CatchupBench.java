package org.jdrand.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.tbls.PubPoly;
import org.jdrand.node.daemon.BeaconSetup;
import org.jdrand.node.daemon.Daemon;
import org.jdrand.node.daemon.DaemonConfig;
import org.jdrand.node.engine.RoundEngine;
import org.jdrand.node.engine.StartMode;
import org.jdrand.node.engine.SystemScheduler;
import org.jdrand.node.engine.ThresholdBeaconCrypto;
import org.jdrand.node.grpc.GrpcPeers;
import org.jdrand.node.grpc.PeerChannels;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.NodeIdentity;
import org.jdrand.node.store.ChainStore;
import org.jdrand.node.store.SqliteChainStore;
import org.jdrand.node.sync.SyncManager;

/**
 * Catch-up: a fresh node syncs N rounds from one peer over gRPC on loopback, both in this JVM;
 * every beacon is batch-verified (the sync's {@code VerifyPipeline}, one worker per core) and
 * durably stored (SQLite) by the engine. The source chain is made once with a fixed dealer key and
 * kept in {@code bench/target/catchup/}. Not a JMH benchmark (one long run):
 * {@code java -cp bench/target/benchmarks.jar org.jdrand.bench.CatchupBench [rounds] [scheme]},
 * scheme {@code pedersen-bls-chained} (default) or {@code bls-unchained-g1-rfc9380} (quicknet).
 */
public final class CatchupBench {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Scheme scheme = Scheme.byId(args.length > 1 ? args[1] : Scheme.PEDERSEN_BLS_CHAINED.id());
        BlsBackend backend = BlsBackends.blst();
        System.out.println("java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, scheme " + scheme.id() + ", bls backend=blst hashToCurve=" + backend.hashToCurvePath()
                + (backend.hashToCurveNote().isEmpty() ? "" : " (" + backend.hashToCurveNote() + ")"));
        CatchupSource made = new CatchupSource(backend, scheme);
        PubPoly pub = made.pub;
        InstantSource clock = InstantSource.system();
        SystemScheduler scheduler = new SystemScheduler(clock);
        Daemon source = Daemon.standalone(DaemonConfig.loopback(), scheduler, backend).start();
        // identities with the dealer's public shares as keys: this in-JVM run checks none of them
        List<NodeIdentity> identities = new ArrayList<>();
        for (int i = 0; i < CatchupSource.MEMBERS; i++) {
            identities.add(new NodeIdentity(i == 0 ? source.privateAddress() : "127.0.0.1:" + (2 + i), pub.eval(i),
                    new byte[0], scheme));
        }
        Group group = made.group(identities);
        ChainStore sourceStore = SqliteChainStore.open(made.chain(group.chainInfo(), rounds), group.chainInfo());
        source.supervisor().start(new BeaconSetup(group, group.nodes().get(0), made.poly.share(0), sourceStore,
                StartMode.CATCHUP));

        Path freshFile = Files.createTempDirectory("jdrand-catchup").resolve("fresh.sqlite");
        ChainStore fresh = SqliteChainStore.open(freshFile, group.chainInfo());
        ExecutorService pool = Executors.newFixedThreadPool(2); // the engine's crypto pool (unused while following)
        ThresholdBeaconCrypto follower = new ThresholdBeaconCrypto(backend, scheme,
                pub.commits().stream().map(Point::toBytes).toList(), 5, null);
        List<String> peers = List.of(source.privateAddress());
        try (PeerChannels channels = new PeerChannels();
                RoundEngine engine = new RoundEngine("default", group.chainInfo(), Duration.ofSeconds(1), follower, fresh,
                        scheduler, pool, (r, p, s) -> { });
                SyncManager sync = new SyncManager(engine, new GrpcPeers(channels, "default", peers), peers, new Random(),
                        Duration.ofSeconds(30))) {
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            ThreadCpu threadCpu = new ThreadCpu();
            java.util.Map<String, Double> threads0 = threadCpu.snapshot();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            // woken by the engine when the last round is stored; the lastRound check (at most once a
            // second) also covers a batch stored without a per-beacon callback; bounded at 10 minutes
            java.util.concurrent.CountDownLatch synced = new java.util.concurrent.CountDownLatch(1);
            engine.addListener(b -> {
                if (b.round() >= rounds) {
                    synced.countDown();
                }
            });
            java.util.concurrent.atomic.AtomicLong batches = new java.util.concurrent.atomic.AtomicLong();
            sync.addProgressListener((current, target) -> batches.incrementAndGet());
            sync.requestSync(rounds);
            while (engine.lastRound() < rounds && System.nanoTime() - t0 < 600_000_000_000L
                    && !synced.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                // keep waiting
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            System.out.printf("synced %d %s rounds (verified, SQLite) in %.1f s = %.0f rounds/s; last=%d; "
                    + "process CPU %.1f s (both ends, one JVM); load average %.1f%n",
                    engine.lastRound(), scheme.id(), secs, engine.lastRound() / secs, fresh.last().round(), cpu,
                    os.getSystemLoadAverage());
            System.out.printf("  stored in %d batches (%.0f beacons per verified and stored batch)%n", batches.get(),
                    (double) engine.lastRound() / Math.max(1, batches.get()));
            threadCpu.print(threads0);
            threadCpu.close();
            if (fresh.last().round() < rounds) {
                System.out.println("catch-up incomplete: last stored round " + fresh.last().round() + " (expected " + rounds + ")");
                System.exit(1);
            }
        } finally {
            pool.shutdownNow();
            source.close();
            scheduler.close();
        }
        System.exit(0);
    }

}
