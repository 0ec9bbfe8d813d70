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
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.tbls.PriPoly;
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
    private static final long GENESIS = 1_600_000_000L;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Scheme scheme = Scheme.byId(args.length > 1 ? args[1] : Scheme.PEDERSEN_BLS_CHAINED.id());
        BlsBackend backend = BlsBackends.blst();
        System.out.println("java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, scheme " + scheme.id() + ", bls backend=blst hashToCurve=" + backend.hashToCurvePath()
                + (backend.hashToCurveNote().isEmpty() ? "" : " (" + backend.hashToCurveNote() + ")"));
        Bls bls = new Bls(backend);
        // a fixed dealer polynomial so the cached source chain stays valid across runs
        List<Scalar> coeffs = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            coeffs.add(Scalar.fromBytesReduced(Scheme.sha256().digest(("jdrand catch-up bench " + k).getBytes())));
        }
        PriPoly poly = new PriPoly(coeffs);
        PubPoly pub = poly.commit(backend, scheme.keyGroup());
        byte[] seed = Scheme.sha256().digest("jdrand catch-up bench seed".getBytes());
        List<Group.Member> members = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            members.add(new Group.Member(i, new NodeIdentity("127.0.0.1:" + (i == 0 ? 1 : 2 + i), pub.eval(i),
                    new byte[0], scheme)));
        }
        InstantSource clock = InstantSource.system();
        SystemScheduler scheduler = new SystemScheduler(clock);
        Daemon source = Daemon.standalone(DaemonConfig.loopback(), scheduler, backend).start();
        members.set(0, new Group.Member(0, new NodeIdentity(source.privateAddress(), pub.eval(0), new byte[0], scheme)));
        Group group = new Group(members, 3, Duration.ofSeconds(1), Duration.ofSeconds(1), GENESIS, GENESIS, seed, scheme,
                "default", pub.commits());

        Path benchDir = Path.of("bench/target/catchup");
        Files.createDirectories(benchDir);
        Path sourceFile = benchDir.resolve("source-" + scheme.id() + "-" + rounds + ".sqlite");
        ChainStore sourceStore = SqliteChainStore.open(sourceFile, group.chainInfo());
        if (sourceStore.last().round() < rounds) {
            long t0 = System.nanoTime();
            Beacon last = sourceStore.last();
            List<Beacon> batch = new ArrayList<>();
            for (long r = last.round() + 1; r <= rounds; r++) {
                byte[] prev = scheme.chained() ? last.signature() : null;
                byte[] sig = bls.sign(scheme, poly.secret(), scheme.digest(prev, r));
                last = new Beacon(r, sig, prev);
                batch.add(last);
                if (batch.size() == 5000 || r == rounds) {
                    sourceStore.appendAll(batch);
                    batch.clear();
                }
            }
            System.out.printf("made source chain of %d rounds in %d s%n", rounds, (System.nanoTime() - t0) / 1_000_000_000L);
        }
        source.supervisor().start(new BeaconSetup(group, members.get(0), poly.share(0), sourceStore, StartMode.CATCHUP));

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
