package org.jdrand.node.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jdrand.crypto.chain.Beacon;

/**
 * Benchmark (not a test): how fast the stores take a catch-up sync, i.e. {@code appendAll} of
 * 100,000 chained beacons in batches, each batch one durable transaction; and the latency of a
 * single durable {@code append} (one fsync), which every produced round pays.
 *
 * <pre>
 * ./mvnw -B -o -q -pl beacon-node -am install -DskipTests
 * ./mvnw -B -o -q -pl beacon-node exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.jdrand.node.store.StoreAppendBenchmark -Dexec.args="100000 100,500,2000"
 * </pre>
 * (or, after {@code verify}: {@code java -cp beacon-node/target/test-classes:beacon-node/target/jdrand.jar
 * org.jdrand.node.store.StoreAppendBenchmark 100000 100,500,2000}; {@code -Djdrand.bench.dir=DIR} puts
 * the SQLite files on another disk.) Runs PostgreSQL too when PG_JDBC_URL, PG_USER and PG_PASSWORD are set. Beacon bytes are fake
 * (stores never verify), so this measures storage alone.
 */
public final class StoreAppendBenchmark {

    private StoreAppendBenchmark() {}

    interface Opener {
        ChainStore open(FakeChain chain) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int[] batches = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {100, 500, 2000};
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("jdrand.bench.dir", System.getProperty("java.io.tmpdir"))),
                "jdrand-store-bench");
        System.out.println("sqlite files in " + dir + " (" + Files.getFileStore(dir).type() + ")");
        System.out.printf("stores: appendAll of %,d chained beacons (96-byte signatures)%n", rounds);
        for (int batch : batches) {
            FakeChain chain = FakeChain.chained("bench-sqlite-" + batch + "-" + System.nanoTime());
            run("sqlite", batch, rounds, chain, c -> SqliteChainStore.open(dir.resolve(c.info().beaconId() + ".sqlite"), c.info()));
        }
        String url = System.getenv("PG_JDBC_URL");
        PostgresConfig pg = url == null ? null
                : new PostgresConfig(url, System.getenv().getOrDefault("PG_USER", ""),
                        System.getenv().getOrDefault("PG_PASSWORD", ""));
        if (pg != null) {
            for (int batch : batches) {
                FakeChain chain = FakeChain.chained("bench-pg-" + batch + "-" + System.nanoTime());
                run("postgres", batch, rounds, chain, c -> PostgresChainStore.open(pg, c.info()));
            }
        }
        FakeChain single = FakeChain.chained("bench-single-" + System.nanoTime());
        latency("sqlite", single, c -> SqliteChainStore.open(dir.resolve("single.sqlite"), c.info()));
        if (pg != null) {
            latency("postgres", FakeChain.chained("bench-pg-single-" + System.nanoTime()), c -> PostgresChainStore.open(pg, c.info()));
        }
        latency("memory", FakeChain.chained("bench-memory"), c -> new MemoryChainStore(c.info()));
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private static void run(String name, int batch, int rounds, FakeChain chain, Opener opener) throws Exception {
        List<Beacon> all = chain.beacons(1, rounds);
        try (ChainStore store = opener.open(chain)) {
            long t0 = System.nanoTime();
            for (int from = 0; from < rounds; from += batch) {
                store.appendAll(all.subList(from, Math.min(rounds, from + batch)));
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (store.last().round() != rounds) {
                throw new IllegalStateException("last " + store.last().round());
            }
            System.out.printf("%-8s batch %5d: %6.2f s  %,9.0f beacons/s%n", name, batch, s, rounds / s);
            if (batch == 500) {
                // what a SyncChain server does: page through the chain with prev rebuilt
                long t1 = System.nanoTime();
                long read = 0;
                for (long from = 1; from <= rounds; from += 1000) {
                    read += store.range(from, 1000).size();
                }
                double r = (System.nanoTime() - t1) / 1e9;
                System.out.printf("%-8s range reads (pages of 1000): %6.2f s  %,9.0f beacons/s%n", name, r, read / r);
            }
        }
    }

    private static void latency(String name, FakeChain chain, Opener opener) throws Exception {
        int n = 300;
        List<Long> micros = new ArrayList<>();
        try (ChainStore store = opener.open(chain)) {
            for (long r = 1; r <= n; r++) {
                Beacon b = chain.beacon(r);
                long t0 = System.nanoTime();
                store.append(b);
                micros.add((System.nanoTime() - t0) / 1000);
            }
        }
        List<Long> sorted = micros.subList(50, n).stream().sorted().toList(); // first 50 are warm-up
        System.out.printf("%-8s single append: p50 %,d µs  p99 %,d µs  max %,d µs%n", name,
                sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.99)), sorted.get(sorted.size() - 1));
    }
}
