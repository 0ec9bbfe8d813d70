package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.proto.drand.ChainInfoPacket;
import org.jdrand.proto.drand.ChainInfoRequest;
import org.jdrand.proto.drand.PublicGrpc;
import org.jdrand.proto.drand.PublicRandRequest;
import org.jdrand.proto.drand.PublicRandResponse;

/**
 * Real jdrand processes on loopback for end-to-end tests: CLI commands run to completion with
 * {@code java -jar}, daemons run in the background with their output in a log file. Every wait
 * is bounded; {@link #close()} stops every process it started.
 */
final class JdrandNodes implements AutoCloseable {
    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** One node: its folder, ports and (when running) daemon process. */
    final class Node {
        final String name;
        final Path folder;
        final int privatePort;
        final int controlPort;
        final int httpPort;
        Process daemon;
        Path log;
        int starts;

        Node(String name) throws IOException {
            this.name = name;
            this.folder = base.resolve(name);
            this.privatePort = freePort();
            this.controlPort = freePort();
            this.httpPort = freePort();
        }

        String httpUrl() {
            return "http://127.0.0.1:" + httpPort;
        }

        String address() {
            return "127.0.0.1:" + privatePort;
        }

        String control() {
            return Integer.toString(controlPort);
        }

        Path groupFile() {
            return folder.resolve("multibeacon/default/groups/drand_group.toml");
        }

        Path shareFile() {
            return folder.resolve("multibeacon/default/groups/dist_key.private");
        }

        void generateKeypair() throws Exception {
            Result r = cli("generate-keypair", "--folder", folder.toString(), address());
            assertThat(r.code()).as(name + " generate-keypair: " + r.all()).isZero();
        }

        void start() throws Exception {
            starts++;
            log = base.resolve(name + "-" + starts + ".log");
            List<String> cmd = java(daemonJvm);
            cmd.addAll(List.of("start", "--folder", folder.toString(), "--private-listen", address(), "--control",
                    control(), "--public-listen", "127.0.0.1:" + httpPort, "--dkg-kickoff-grace", "2s",
                    "--dkg-phase-timeout", phaseTimeout));
            cmd.addAll(dialFlags);
            cmd.addAll(serveFlags);
            daemon = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Awaitility.await(name + " daemon running").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        assertThat(daemon.isAlive()).as(name + " daemon died: " + logText()).isTrue();
                        return logText().contains("jdrand running:");
                    });
        }

        void stop() throws Exception {
            Result r = cli("stop", "--control", control());
            assertThat(r.code()).as(name + " stop: " + r.all()).isZero();
            assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).as(name + " stopped").isTrue();
        }

        String logText() {
            try {
                return log == null ? "" : Files.readString(log);
            } catch (IOException e) {
                return "";
            }
        }

        Result dkg(String... args) throws Exception {
            List<String> a = new ArrayList<>(List.of("dkg"));
            a.addAll(List.of(args));
            a.addAll(List.of("--control", control()));
            return cli(a.toArray(String[]::new));
        }

        /** The current DKG state name from {@code dkg status --format csv}. */
        String dkgState() throws Exception {
            Result r = dkg("status", "--format", "csv");
            assertThat(r.code()).as(name + " dkg status: " + r.all()).isZero();
            String current = r.out().lines().filter(l -> l.startsWith("current,")).findFirst().orElseThrow();
            return current.split(",", -1)[2];
        }

        /** The current DKG state name over the control port (dkg.DKGControl/DKGStatus), as the CLI shows it. */
        String dkgStateRpc(String beaconId) {
            ManagedChannel ch = Grpc.newChannelBuilder("127.0.0.1:" + controlPort,
                    io.grpc.InsecureChannelCredentials.create()).build();
            try {
                int n = org.jdrand.proto.dkg.DKGControlGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .dKGStatus(org.jdrand.proto.dkg.DKGStatusRequest.newBuilder().setBeaconID(beaconId).build())
                        .getCurrent().getState();
                return org.jdrand.dkg.ceremony.DkgState.fromNumber(n).drandName();
            } finally {
                ch.shutdownNow();
            }
        }

        ManagedChannel channel() {
            return channels.computeIfAbsent(address(), a -> Grpc.newChannelBuilder(a, testCredentials).build());
        }

        PublicRandResponse beacon(long round) {
            return PublicGrpc.newBlockingStub(channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .publicRand(PublicRandRequest.newBuilder().setRound(round).build());
        }

        /** The latest round served, or -1 when the node serves none. */
        long latestRound() {
            try {
                return beacon(0).getRound();
            } catch (RuntimeException e) {
                return -1;
            }
        }

        /** The node's Prometheus text over drand.Metrics on its private listener. */
        String metrics() {
            return org.jdrand.proto.drand.MetricsGrpc.newBlockingStub(channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .metrics(org.jdrand.proto.drand.MetricsRequest.getDefaultInstance()).getMetrics()
                    .toString(StandardCharsets.UTF_8);
        }

        ChainInfoPacket chainInfo() {
            return PublicGrpc.newBlockingStub(channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .chainInfo(ChainInfoRequest.getDefaultInstance());
        }

        @Override
        public String toString() {
            return name + "@" + address();
        }
    }

    final Path base;
    final List<String> dialFlags;
    final List<String> serveFlags;
    final ChannelCredentials testCredentials;
    final String phaseTimeout;
    final List<Node> nodes = new ArrayList<>();
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    /** Small heaps, C1 only: the machine is shared. */
    private static final List<String> CLI_JVM = List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /**
     * As an operator's daemon (./jdrand start): the blst backend's foreign-linker hash to G2 included, flags of this JDK.
     * The round path's warm-up at a member's start (partials, held HTTP requests) is shortened (about 5 s of CPU per
     * start at its default, for nodes that live a minute); StartCommandIT and DemoIT run the default.
     */
    private final List<String> daemonJvm = Stream.concat(Stream.of("-Xmx256m", "-XX:+UseSerialGC", "-Djdrand.warmup.calls=200"),
            BlsBackends.nativeJvmFlags(Runtime.version().feature()).stream()).toList();

    JdrandNodes(Path base, List<String> dialFlags, List<String> serveFlags, ChannelCredentials testCredentials,
            String phaseTimeout) {
        this.base = base;
        this.dialFlags = dialFlags;
        this.serveFlags = serveFlags;
        this.testCredentials = testCredentials;
        this.phaseTimeout = phaseTimeout;
    }

    Node add(String name) throws Exception {
        Node n = new Node(name);
        nodes.add(n);
        return n;
    }

    static int freePort() throws IOException {
        return org.jdrand.node.demo.LoopbackPorts.free(); // below the ephemeral range: no outgoing connection takes it
    }

    static List<String> java(List<String> jvm) {
        String jar = System.getProperty("jdrand.jar");
        assertThat(jar).as("jdrand.jar system property (set by beacon-node's pom)").isNotNull();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", jar));
        return cmd;
    }

    /** Runs one CLI command to completion (bounded). */
    static Result cli(String... args) throws Exception {
        List<String> cmd = java(CLI_JVM);
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("jdrand-cli", ".out");
        Path err = Files.createTempFile("jdrand-cli", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("jdrand " + String.join(" ", args) + ": no exit after 120 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        for (Node n : nodes) {
            if (n.daemon != null && n.daemon.isAlive()) {
                n.daemon.destroy();
            }
        }
        for (Node n : nodes) {
            if (n.daemon != null) {
                try {
                    if (!n.daemon.waitFor(10, TimeUnit.SECONDS)) {
                        n.daemon.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    n.daemon.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
