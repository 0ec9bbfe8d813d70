package org.jdrand.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyPair;
import org.jdrand.node.key.KeyShare;
import org.jdrand.node.key.KeyStore;
import org.jdrand.node.key.NodeIdentity;
import org.jdrand.node.store.ChainStore;
import org.jdrand.node.store.SqliteChainStore;

/**
 * Catch-up as an operator runs it, every node a separate process of the runnable jar started by
 * {@code deploy/bin/jdrand} with the daemon's flags: a serving member (its folder written here:
 * key pair, group, share and N stored rounds) and, per run, a fresh daemon that follows the chain
 * from it with the documented command, {@code jdrand sync --follow --up-to N}, verifying every
 * beacon and storing it in its SQLite file. The serving member is warmed first by one follow of a
 * throw-away daemon (a League member serves from a JVM that has run for days), unless
 * {@code --cold}. Each run is timed from the sync command's launch to its exit (the CLI's own JVM
 * start included), then the follower is killed with SIGKILL and its SQLite file reopened here: the
 * run counts only if round N is there (durable). Figures are printed, not asserted.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar org.jdrand.bench.CatchupProcessBench [rounds] [scheme] [runs] [--cold]},
 * from the repository root after {@code ./mvnw -B -pl beacon-node,bench -am package -DskipTests}.
 */
public final class CatchupProcessBench {
    private static final Duration READY = Duration.ofSeconds(120);
    private static final Duration SYNC_LIMIT = Duration.ofMinutes(10);
    private static final Pattern ROUND = Pattern.compile("\"round\"\\s*:\\s*(\\d+)");

    private final Path launcher = Path.of("deploy/bin/jdrand").toAbsolutePath();
    private final Path jar = Path.of("beacon-node/target/jdrand.jar").toAbsolutePath();
    private final Path work;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> started = new java.util.concurrent.CopyOnWriteArrayList<>();

    private CatchupProcessBench(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = Stream.of(args).filter(a -> !a.startsWith("--")).toList();
        boolean cold = List.of(args).contains("--cold");
        int rounds = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 100_000;
        Scheme scheme = Scheme.byId(positional.size() > 1 ? positional.get(1) : Scheme.PEDERSEN_BLS_CHAINED.id());
        int runs = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 3;
        if (rounds < 1 || runs < 1) {
            System.err.println("catch-up bench: rounds " + rounds + ", runs " + runs + " (expected both >= 1; usage: "
                    + "CatchupProcessBench [rounds] [scheme] [runs] [--cold])");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("jdrand-catchup-processes");
        CatchupProcessBench bench = new CatchupProcessBench(work);
        // a driver stopped by a signal (CI's timeout) must not leave its daemons running
        Runtime.getRuntime().addShutdownHook(new Thread(bench::killAll));
        int exit;
        try {
            exit = bench.run(rounds, scheme, runs, cold);
        } finally {
            bench.stopAll();
            deleteTree(work);
        }
        System.exit(exit);
    }

    private int run(int rounds, Scheme scheme, int runs, boolean cold) throws Exception {
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(launcher)) {
            System.out.println("catch-up incomplete: " + jar + " or " + launcher + " missing (run from the repository root "
                    + "after ./mvnw -B -pl beacon-node,bench -am package -DskipTests)");
            return 1;
        }
        BlsBackend backend = BlsBackends.blst();
        CatchupSource source = new CatchupSource(backend, scheme);
        int servingPort = freePort();
        int servingHttp = freePort();
        int servingControl = freePort();
        // member 0 serves; the other four are addresses where nothing listens
        List<KeyPair> keys = new ArrayList<>();
        for (int i = 0; i < CatchupSource.MEMBERS; i++) {
            String address = "127.0.0.1:" + (i == 0 ? servingPort : freePort());
            Scalar secret = Scalar.fromBytesReduced(Scheme.sha256().digest(("jdrand catch-up member " + i).getBytes()));
            keys.add(KeyPair.fromSecret(source.bls, scheme, address, secret));
        }
        Group group = source.group(keys.stream().map(KeyPair::identity).toList());
        ChainInfo info = group.chainInfo();
        Path chain = source.chain(info, rounds);

        Path servingFolder = work.resolve("serving");
        KeyStore store = new KeyStore(servingFolder, KeyStore.DEFAULT_BEACON_ID, source.bls);
        store.saveKeyPair(keys.get(0));
        store.saveGroup(group);
        store.saveShare(new KeyShare(0, source.poly.share(0).value(), source.pub.commits(), scheme));
        Files.createDirectories(store.chainDbFile().getParent());
        Files.copy(chain, store.chainDbFile());

        System.out.println("java " + Runtime.version() + " (the nodes': " + javaCommand() + "), "
                + Runtime.getRuntime().availableProcessors() + " cores, scheme " + scheme.id() + ", " + rounds
                + " rounds, serving member " + (cold ? "cold (a fresh JVM per run)" : "warmed by one follow first"));
        Process serving = null;
        List<Double> walls = new ArrayList<>();
        for (int run = cold ? 1 : 0; run <= runs; run++) {
            if (serving == null || cold) {
                if (serving != null) {
                    stop(serving);
                }
                serving = daemon(servingFolder, servingPort, servingHttp, servingControl, "serving");
                awaitRound(servingHttp, rounds, serving);
            }
            Path folder = work.resolve("follower-" + run);
            int control = freePort();
            int httpPort = freePort();
            Process follower = daemon(folder, freePort(), httpPort, control, "follower-" + run);
            awaitHttp(httpPort, follower);
            double servingCpu0 = cpuSeconds(serving);
            double followerCpu0 = cpuSeconds(follower);
            java.util.Map<String, Double> threads0 = ThreadCpu.ofProcess(follower.pid());
            double load0 = loadAverage();
            long t0 = System.nanoTime();
            Process sync = jdrand(work.resolve("sync-" + run + ".log"), "sync", "--follow", "--up-to",
                    Integer.toString(rounds), "--chain-hash", info.hashHex(), "--sync-nodes", "127.0.0.1:" + servingPort,
                    "--control", Integer.toString(control));
            boolean done = sync.waitFor(SYNC_LIMIT.toSeconds(), TimeUnit.SECONDS);
            double secs = (System.nanoTime() - t0) / 1e9;
            double followerCpu = cpuSeconds(follower) - followerCpu0;
            java.util.Map<String, Double> threads = ThreadCpu.ofProcess(follower.pid());
            double servingCpu = cpuSeconds(serving) - servingCpu0;
            if (!done || sync.exitValue() != 0) {
                System.out.println("catch-up incomplete: run " + run + ": jdrand sync " + (done ? "exited " + sync.exitValue()
                        : "still running after " + SYNC_LIMIT) + " (" + work.resolve("sync-" + run + ".log") + ": "
                        + tail(work.resolve("sync-" + run + ".log")) + ")");
                return 1;
            }
            follower.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: only what was durable survives
            long stored;
            try (ChainStore kept = SqliteChainStore.open(
                    new KeyStore(folder, KeyStore.DEFAULT_BEACON_ID, source.bls).chainDbFile(), info)) {
                stored = kept.last().round();
            }
            String what = run == 0 ? "warm-up" : "run " + run;
            System.out.printf(Locale.ROOT, "%s: synced %d %s rounds (verified; %d in the follower's SQLite after SIGKILL) "
                    + "in %.1f s = %.0f rounds/s, `jdrand sync` launch to exit; follower daemon CPU %.1f s, serving member "
                    + "CPU %.1f s; load average %.1f -> %.1f%n", what, rounds, scheme.id(), stored, secs, rounds / secs,
                    followerCpu, servingCpu, load0, loadAverage());
            System.out.println("  follower's threads, CPU s during the sync (live ones; the JIT's are C1/C2 CompilerThre, "
                    + "the Serial collector's VM Thread): " + busiest(threads, threads0));
            if (stored < rounds) {
                System.out.println("catch-up incomplete: the follower's store holds round " + stored + " after SIGKILL (expected "
                        + rounds + ")");
                return 1;
            }
            if (run > 0) {
                walls.add(secs);
            }
        }
        walls.sort(Comparator.naturalOrder());
        System.out.printf(Locale.ROOT, "synced: %d runs, wall %s s, median %.1f s%n", walls.size(),
                walls.stream().map(w -> String.format(Locale.ROOT, "%.1f", w)).toList(), walls.get(walls.size() / 2));
        return 0;
    }

    /** The families that used at least 0.1 s, busiest first. */
    private static String busiest(java.util.Map<String, Double> after, java.util.Map<String, Double> before) {
        return after.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() >= 0.1)
                .sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private String javaCommand() {
        String home = System.getenv("JAVA_HOME");
        return home == null ? "java on PATH" : home + "/bin/java";
    }

    /** {@code jdrand start} as an operator runs it, its output in {@code <name>.log}. */
    private Process daemon(Path folder, int privatePort, int httpPort, int control, String name) throws IOException {
        Files.createDirectories(folder);
        return jdrand(work.resolve(name + ".log"), "start", "--folder", folder.toString(), "--private-listen",
                "127.0.0.1:" + privatePort, "--public-listen", "127.0.0.1:" + httpPort, "--control",
                Integer.toString(control), "--insecure");
    }

    private Process jdrand(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JDRAND_JAR", jar.toString());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** Waits until the node's HTTP API serves {@code round} as its latest beacon. */
    private void awaitRound(int httpPort, long round, Process node) throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        while (true) {
            String body = get(httpPort, "/public/latest");
            Matcher m = body == null ? null : ROUND.matcher(body);
            if (m != null && m.find() && Long.parseLong(m.group(1)) >= round) {
                return;
            }
            checkAlive(node, deadline, "serving round " + round);
            Thread.sleep(100); // polling a separate process: nothing to wait on in this JVM
        }
    }

    /** Waits until the node's HTTP API answers at all. */
    private void awaitHttp(int httpPort, Process node) throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        while (get(httpPort, "/chains") == null) {
            checkAlive(node, deadline, "answering HTTP");
            Thread.sleep(50);
        }
    }

    private static void checkAlive(Process node, long deadline, String what) {
        if (!node.isAlive()) {
            throw new IllegalStateException("node exited with " + node.exitValue() + " before " + what);
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("node not " + what + " after " + READY);
        }
    }

    /** The body of a 200 answer, or null (no answer yet, or another status). */
    private String get(int port, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** User + system CPU of the process (its JVM: deploy/bin/jdrand execs java). */
    private static double cpuSeconds(Process p) {
        return p.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void stopAll() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                stop(p);
            }
        }
    }

    /** The shutdown hook's cleanup (also after the normal path's, which leaves nothing to do). */
    private void killAll() {
        for (Process p : started) {
            p.destroyForcibly();
        }
        try {
            for (Process p : started) {
                p.waitFor(10, TimeUnit.SECONDS);
            }
            if (Files.exists(work)) {
                deleteTree(work);
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("catch-up bench: could not remove " + work + ": " + e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
