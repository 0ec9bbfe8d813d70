package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.crypto.tbls.PubPoly;
import org.jdrand.node.grpc.ProtoMapper;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.KeyPair;
import org.jdrand.node.key.KeyShare;
import org.jdrand.node.key.KeyStore;
import org.jdrand.proto.drand.ControlGrpc;
import org.jdrand.proto.drand.PublicGrpc;
import org.jdrand.proto.drand.PublicRandRequest;
import org.jdrand.proto.drand.ShutdownRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code java -jar jdrand.jar start} processes with dealer-made shares (the DKG is a later
 * issue) on loopback and the real clock: they produce a verifiable chain; a node stopped with
 * SIGTERM shuts down cleanly, restarts from its SQLite store and catches up; control Shutdown stops a daemon.
 */
class StartCommandIT {
    private static final Scheme SCHEME = Scheme.BLS_UNCHAINED_G1_RFC9380;

    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        return org.jdrand.node.demo.LoopbackPorts.free(); // below the ephemeral range: no outgoing connection takes it
    }

    private Process start(int i, int privatePort, int controlPort, String... extra) throws IOException {
        String jar = System.getProperty("jdrand.jar");
        assertThat(jar).as("jdrand.jar system property").isNotNull();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "start", "--insecure", "--private-listen", "127.0.0.1:" + privatePort, "--control",
                String.valueOf(controlPort), "--folder", dir.resolve("node" + i).toString()));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node" + i + ".out").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("node" + i + ".err").toFile()))
                .start();
    }

    /** A CLI command of the jar, output kept in memory (it is short). */
    private static Process jdrand(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("jdrand.jar")));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    private static Beacon latest(ManagedChannel ch) {
        return ProtoMapper.fromPublicRand(PublicGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
                .publicRand(PublicRandRequest.getDefaultInstance()));
    }

    private static long latestRound(ManagedChannel ch) {
        try {
            return latest(ch).round();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Runs a CLI command in this JVM (it talks to the real daemon over its control port). */
    private static int cli(String... args) {
        int exit = new picocli.CommandLine(new Main()).execute(args);
        System.err.println("cli " + String.join(" ", args) + " -> " + exit);
        return exit;
    }

    /** The value of one series in Prometheus text, or -1 when absent. */
    private static double metric(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return -1;
    }

    @Test
    void threeProcessesProduceACleanlyStoppableChain() throws Exception {
        int n = 3;
        Bls bls = new Bls(BlsBackends.blst());
        SecureRandom rnd = new SecureRandom();
        int[] priv = new int[n];
        int[] ctl = new int[n];
        List<Group.Member> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            priv[i] = freePort();
            ctl[i] = freePort();
            KeyPair pair = KeyPair.generate(bls, SCHEME, "127.0.0.1:" + priv[i], rnd);
            new KeyStore(dir.resolve("node" + i), "default", bls).saveKeyPair(pair);
            members.add(new Group.Member(i, pair.identity()));
        }
        PriPoly poly = PriPoly.random(2, rnd);
        PubPoly pub = poly.commit(BlsBackends.blst(), SCHEME.keyGroup());
        long genesis = Instant.now().getEpochSecond() + 5;
        Group group = new Group(members, 2, Duration.ofSeconds(1), Duration.ofSeconds(1), genesis, genesis, null, SCHEME,
                "default", pub.commits());
        for (int i = 0; i < n; i++) {
            KeyStore ks = new KeyStore(dir.resolve("node" + i), "default", bls);
            ks.saveGroup(group);
            ks.saveShare(new KeyShare(i, poly.share(i).value(), pub.commits(), SCHEME));
        }
        System.err.println("stage: files " + Instant.now() + " genesis " + genesis);
        Process[] procs = new Process[n];
        Process follower = null;
        List<ManagedChannel> channels = new ArrayList<>();
        int httpPort = freePort();
        int metricsPort = freePort();
        try {
            for (int i = 0; i < n; i++) {
                procs[i] = i == 0 ? start(i, priv[i], ctl[i], "--public-listen", "127.0.0.1:" + httpPort,
                        "--metrics", String.valueOf(metricsPort))
                        : i == 1 ? start(i, priv[i], ctl[i], "--json") : start(i, priv[i], ctl[i]);
                channels.add(Grpc.newChannelBuilder("127.0.0.1:" + priv[i], InsecureChannelCredentials.create()).build());
            }
            BeaconVerifier verifier = new BeaconVerifier(BlsBackends.blst(), SCHEME, pub.commit().toBytes());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> latestRound(channels.get(0)) >= 3 && latestRound(channels.get(2)) >= 3);
            assertThat(verifier.isValid(latest(channels.get(0)))).isTrue();
            // node 1 logs with --json: one JSON object per line
            List<String> jsonLines = Files.readAllLines(dir.resolve("node1.err")).stream()
                    .filter(l -> l.startsWith("{")).toList();
            assertThat(jsonLines).isNotEmpty();
            for (String l : jsonLines) {
                assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(l).has("formattedMessage")).as(l).isTrue();
            }
            assertThat(Files.readAllLines(dir.resolve("node1.err")))
                    .noneMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ (INFO|WARN|ERROR|DEBUG) .*"));
            // node 0 also serves drand's HTTP API
            java.net.http.HttpClient web = java.net.http.HttpClient.newHttpClient();
            String info = web.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + httpPort + "/info")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(info).contains(group.chainInfo().hashHex());
            // the status page and its vendored verifier come out of the runnable jar (StatusPageBrowserTest drives it)
            for (String page : List.of("/", "/status/status.js", "/status/vendor/@noble/curves/bls12-381.js")) {
                assertThat(web.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + httpPort + page)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).as(page).isEqualTo(200);
            }
            // and the rounds as Server-Sent Events, resumed after round 1 (StreamingHttpTest covers them in depth)
            java.net.http.HttpResponse<java.util.stream.Stream<String>> events = web.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort
                            + "/v2/chains/" + group.chainInfo().hashHex() + "/rounds/stream"))
                            .header("Last-Event-ID", "1").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofLines());
            try (java.util.stream.Stream<String> lines = events.body()) {
                assertThat(lines.filter(l -> l.startsWith("id: ")).limit(2)).containsExactly("id: 2", "id: 3");
            }
            // and its metrics (a bare port binds 127.0.0.1): the round advances, the latency histogram fills
            java.net.URI metricsUri = java.net.URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
            String first = web.send(java.net.http.HttpRequest.newBuilder(metricsUri).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            double firstRound = metric(first, "last_beacon_round{beacon_id=\"default\"}");
            assertThat(firstRound).isGreaterThanOrEqualTo(3);
            assertThat(metric(first, "beacon_discrepancy_latency_ms_count{beacon_id=\"default\"}")).isGreaterThan(0);
            assertThat(first).contains("http_call_counter{code=\"200\",method=\"get\"}")
                    .contains("drand_node_db{beaconID=\"default\",db_type=\"sqlite\"} 1.0")
                    .contains("is_drand_node 1.0");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> metric(
                    web.send(java.net.http.HttpRequest.newBuilder(metricsUri).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).body(),
                    "last_beacon_round{beacon_id=\"default\"}") > firstRound);
            // drand's api_call_counter by API, the engine's callbacks, and each peer's clock against ours from the
            // periodic Status exchange (one machine, one clock: well under a second apart)
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                String t = web.send(java.net.http.HttpRequest.newBuilder(metricsUri).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metric(t, "api_call_counter{api_method=\"info\"}")).isGreaterThanOrEqualTo(1);
                assertThat(metric(t, "api_call_counter{api_method=\"rounds_stream\"}")).isGreaterThanOrEqualTo(1);
                assertThat(metric(t, "sync_total_callbacks{beacon_id=\"default\"}")).isGreaterThanOrEqualTo(1);
                for (int i = 1; i < n; i++) {
                    String series = "jdrand_peer_clock_skew_seconds{peer=\"127.0.0.1:" + priv[i] + "\"}";
                    assertThat(t).as(series).contains(series + " ");
                    assertThat(Math.abs(metric(t, series))).as(series).isLessThan(1.0);
                }
                assertThat(Math.abs(metric(t, "jdrand_clock_skew_seconds"))).isLessThan(1.0);
            });
            // drand.Metrics on the private listener answers the same registry
            String overGrpc = org.jdrand.proto.drand.MetricsGrpc.newBlockingStub(channels.get(0))
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .metrics(org.jdrand.proto.drand.MetricsRequest.getDefaultInstance())
                    .getMetrics().toString(StandardCharsets.UTF_8);
            assertThat(overGrpc).contains("beacon_discrepancy_latency_ms_bucket{beacon_id=\"default\",le=\"+Inf\"}");
            System.err.println("stage: running " + Instant.now());

            // a node with no share follows the chain with `jdrand sync --follow` and serves it on its HTTP API
            int followerHttp = freePort();
            int followerCtl = freePort();
            Files.createDirectories(dir.resolve("node3"));
            follower = start(3, freePort(), followerCtl, "--public-listen", "127.0.0.1:" + followerHttp);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    Files.readString(dir.resolve("node3.out"), StandardCharsets.UTF_8).contains("jdrand running"));
            Process sync = jdrand("sync", "--follow", "--sync-nodes", "127.0.0.1:" + priv[0] + ",127.0.0.1:" + priv[1],
                    "--chain-hash", group.chainInfo().hashHex(), "--up-to", "3", "--control", String.valueOf(followerCtl));
            assertThat(sync.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String syncOut = new String(sync.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String syncErr = new String(sync.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(sync.exitValue()).as(syncErr).isZero();
            assertThat(syncOut).startsWith("follow: beacon default synced to round 3");
            assertThat(syncErr).contains("synced 3/3 (100.0 %)");
            java.net.URI followed = java.net.URI.create("http://127.0.0.1:" + followerHttp + "/public/3");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> web.send(java.net.http.HttpRequest.newBuilder(followed).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            String round3 = web.send(java.net.http.HttpRequest.newBuilder(followed).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            Beacon expected3 = ProtoMapper.fromPublicRand(PublicGrpc.newBlockingStub(channels.get(0))
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .publicRand(PublicRandRequest.newBuilder().setRound(3).build()));
            assertThat(round3).contains(org.jdrand.crypto.Hex.encode(expected3.signature()));
            // the members warmed the partials' gRPC path once at start, and node 0, which serves HTTP, its held
            // requests' path; the follower, which sends no partials, did not
            // (each path's warm-up is bounded by 60 s)
            await("node 0's warm-up").atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(dir.resolve("node0.err"), StandardCharsets.UTF_8)
                            .contains("held HTTP requests through a loopback HTTP server"));
            String node0Log = Files.readString(dir.resolve("node0.err"), StandardCharsets.UTF_8);
            assertWarmedUp(node0Log, "held HTTP requests through a loopback HTTP server");
            assertWarmedUp(node0Log, "partials through a loopback gRPC server");
            // the warm-up's throwaway HTTP server stays out of the log: one listening line, the node's own
            assertThat(node0Log.split("http api listening", -1)).as(node0Log).hasSize(2);
            assertThat(node0Log).contains("http api listening address=/127.0.0.1:" + httpPort);
            await("node 2's warm-up").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(dir.resolve("node2.err"), StandardCharsets.UTF_8)
                            .contains("partials through a loopback gRPC server"));
            assertWarmedUp(Files.readString(dir.resolve("node2.err"), StandardCharsets.UTF_8),
                    "partials through a loopback gRPC server");
            assertThat(Files.readString(dir.resolve("node3.err"), StandardCharsets.UTF_8)).doesNotContain("warm-up");
            follower.destroy();
            assertThat(follower.waitFor(20, TimeUnit.SECONDS)).isTrue();
            System.err.println("stage: followed " + Instant.now());

            procs[2].destroy(); // SIGTERM
            assertThat(procs[2].waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(procs[2].exitValue()).isEqualTo(143);
            assertThat(Files.readString(dir.resolve("node2.err"), StandardCharsets.UTF_8)).contains("daemon stopped");
            // its whole log now: node 2 serves no HTTP, so its warm-up stopped after the partials
            assertThat(Files.readString(dir.resolve("node2.err"), StandardCharsets.UTF_8)).doesNotContain("held HTTP");
            long stoppedAt = latestRound(channels.get(0));
            System.err.println("stage: stopped " + Instant.now());

            // two of three still reach threshold 2
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> latestRound(channels.get(0)) >= stoppedAt + 3);
            System.err.println("stage: restarting " + Instant.now());
            procs[2] = start(2, priv[2], ctl[2]);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> latestRound(channels.get(2)) >= latestRound(channels.get(0)) - 1
                            && latestRound(channels.get(2)) > stoppedAt + 3);
            System.err.println("stage: caught up " + Instant.now());
            Beacon b = latest(channels.get(2));
            assertThat(verifier.isValid(b)).isTrue();

            // the operator's commands against a real daemon: stop one beacon, load it back from its
            // files (it catches up from its SQLite store and the peers), back its chain up online
            String c1 = String.valueOf(ctl[1]);
            assertThat(cli("stop", "--control", c1, "--id", "default")).isZero();
            assertThat(cli("load", "--control", c1, "--id", "default")).isZero();
            assertThat(cli("load", "--control", c1, "--id", "default")).isEqualTo(1); // already running
            long reloadedAt = latestRound(channels.get(0));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> latestRound(channels.get(1)) > reloadedAt);
            Path backup = dir.resolve("node1-backup.sqlite");
            assertThat(cli("util", "backup", "--control", c1, "--out", backup.toString())).isZero();
            try (org.jdrand.node.store.SqliteChainStore copy = org.jdrand.node.store.SqliteChainStore.open(backup,
                    group.chainInfo())) {
                assertThat(copy.last().round()).isGreaterThan(reloadedAt);
                assertThat(verifier.isValid(copy.last())).isTrue();
            }
            assertThat(cli("util", "ping", "--control", c1)).isZero();
            assertThat(cli("util", "remote-status", "--control", c1)).isZero();
            System.err.println("stage: operator commands " + Instant.now());

            // control Shutdown with no beacon ID stops the daemon
            ManagedChannel control = Grpc.newChannelBuilder("127.0.0.1:" + ctl[0], InsecureChannelCredentials.create())
                    .build();
            try {
                ControlGrpc.newBlockingStub(control).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .shutdown(ShutdownRequest.getDefaultInstance());
            } finally {
                control.shutdownNow();
            }
            assertThat(procs[0].waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(procs[0].exitValue()).isZero();
            System.err.println("stage: shut down " + Instant.now());
        } finally {
            for (int i = 0; i < n; i++) {
                // the nodes' logs end up in the failsafe report
                System.err.println("---- node " + i + " log ----");
                System.err.println(Files.readString(dir.resolve("node" + i + ".err"), StandardCharsets.UTF_8));
            }
            channels.forEach(ManagedChannel::shutdownNow);
            List<Process> all = new ArrayList<>(List.of(procs).stream().filter(java.util.Objects::nonNull).toList());
            if (follower != null) {
                all.add(follower);
            }
            for (Process p : all) {
                if (p.isAlive()) {
                    p.destroy();
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
        }
    }

    /**
     * The log's warm-up line for {@code path}: every call answered, the default first burst of
     * 4,000, and at least one paced burst of 1,100 after it (WarmupPacing).
     */
    private static void assertWarmedUp(String log, String path) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("warm-up: (\\d+) of (\\d+) " + java.util.regex.Pattern.quote(path)
                + " in \\d+ ms \\(a burst of 4000, then (\\d+) of 1100 while the JIT settled").matcher(log);
        assertThat(m.find()).as("a warm-up line for " + path + " in:\n" + log).isTrue();
        assertThat(m.group(1)).as("answered").isEqualTo(m.group(2));
        assertThat(Integer.parseInt(m.group(3))).as("paced bursts").isBetween(1, 6);
        assertThat(Integer.parseInt(m.group(2))).as("calls").isGreaterThanOrEqualTo(4_000 + 1_100 * Integer.parseInt(m.group(3)));
    }
}
