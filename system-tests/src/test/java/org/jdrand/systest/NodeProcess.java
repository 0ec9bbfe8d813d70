package org.jdrand.systest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * One operator's node: its folder, loopback ports and {@code jdrand start} command line. The
 * daemon is a separate {@code java -jar jdrand.jar} process; every (re)start uses exactly the same
 * command line, as an operator's service manager would, and appends to one log file per start.
 */
final class NodeProcess {
    /**
     * The DKG's phase timeout of every node of the suite. A phase ends as soon as every bundle is
     * in, so this only bounds the wait for a missing one; 5 s excluded members whose deal came
     * late on a machine at load 40-95 (ByzantineDkgIT, ReshareLeaderKillIT's set-up).
     */
    static final Duration DKG_PHASE_TIMEOUT = Duration.ofSeconds(15);

    final String name;
    final Path folder;
    final int privatePort;
    final int controlPort;
    final int httpPort;
    final int metricsPort;
    /** The address its private, public and metrics listeners bind (127.0.0.1 unless in a network namespace). */
    final String host;
    /** Put before every command of this node (e.g. {@code ip netns exec NS}); empty on the machine's own network. */
    private final List<String> prefix;
    private final Path logs;
    private final List<String> command;
    /** Extra environment of the daemon's next starts (e.g. libfaketime's); the command line never changes. */
    private Map<String, String> environment = Map.of();
    private Process daemon;
    private Path log;
    private int starts;

    NodeProcess(String name, Path base, List<String> jvmFlags, List<String> dialFlags) throws IOException {
        this(name, base, jvmFlags, dialFlags, "127.0.0.1", List.of());
    }

    /**
     * @param host   the address the node binds and is dialled at
     * @param prefix put before each of its commands (its control port is on its own loopback)
     */
    NodeProcess(String name, Path base, List<String> jvmFlags, List<String> dialFlags, String host, List<String> prefix)
            throws IOException {
        this.name = name;
        this.host = host;
        this.prefix = List.copyOf(prefix);
        this.folder = base.resolve(name);
        this.logs = base.resolve("logs");
        Files.createDirectories(logs);
        this.privatePort = Jar.freePort();
        this.controlPort = Jar.freePort();
        this.httpPort = Jar.freePort();
        this.metricsPort = Jar.freePort();
        List<String> jvm = new ArrayList<>(Jar.DAEMON_JVM);
        jvm.addAll(jvmFlags);
        List<String> c = new ArrayList<>(this.prefix);
        c.addAll(Jar.java(jvm));
        c.addAll(List.of("start", "--folder", folder.toString(), "--private-listen", address(), "--control",
                Integer.toString(controlPort), "--public-listen", host + ":" + httpPort, "--metrics",
                host + ":" + metricsPort, "--dkg-kickoff-grace", "2s", "--dkg-phase-timeout", DKG_PHASE_TIMEOUT.toSeconds() + "s"));
        c.addAll(dialFlags);
        this.command = List.copyOf(c);
    }

    /**
     * Another daemon on {@code of}'s folder, address and ports (an impostor, or the same node with
     * other TLS material), logging as {@code logName}: its own command line with {@code dialFlags}.
     */
    NodeProcess(NodeProcess of, String logName, List<String> dialFlags) {
        this.name = logName;
        this.host = of.host;
        this.prefix = of.prefix;
        this.folder = of.folder;
        this.logs = of.logs;
        this.privatePort = of.privatePort;
        this.controlPort = of.controlPort;
        this.httpPort = of.httpPort;
        this.metricsPort = of.metricsPort;
        List<String> c = new ArrayList<>(of.command.subList(0, of.command.indexOf("--dkg-phase-timeout") + 2));
        c.addAll(dialFlags);
        this.command = List.copyOf(c);
    }

    String address() {
        return host + ":" + privatePort;
    }

    String control() {
        return Integer.toString(controlPort);
    }

    String httpUrl() {
        return "http://" + host + ":" + httpPort;
    }

    void generateKeypair() throws Exception {
        Jar.ok(Jar.cli("generate-keypair", "--folder", folder.toString(), address()), name + " generate-keypair");
    }

    /** Starts the daemon with its command line and waits until it says it runs. */
    void start() throws Exception {
        launch();
        Awaitility.await(name + " daemon running").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    assertThat(daemon.isAlive()).as(name + " daemon died: " + logText()).isTrue();
                    return logText().contains("jdrand running:");
                });
    }

    /** The extra environment of the next starts (libfaketime's clock); the command line stays the same. */
    void environment(Map<String, String> env) {
        this.environment = Map.copyOf(env);
    }

    /** Starts the daemon without waiting (for a kill during start-up and catch-up). */
    void launch() throws IOException {
        assertThat(daemon == null || !daemon.isAlive()).as(name + " already running").isTrue();
        starts++;
        log = logs.resolve(name + "-" + starts + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(environment);
        daemon = pb.start();
        daemon.getOutputStream().close();
    }

    /** kill -9: no shutdown hook runs, the store is left as the moment found it. */
    void kill9() throws InterruptedException {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroyForcibly();
            assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).as(name + " gone after SIGKILL").isTrue();
        }
    }

    /** SIGTERM, then SIGKILL after a grace time: for the end of a scenario. */
    void terminate() throws InterruptedException {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroy();
            if (!daemon.waitFor(15, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        }
    }

    /** Waits for the daemon to exit by itself; its exit code, or null when it still runs after {@code timeout}. */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        return daemon.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? daemon.exitValue() : null;
    }

    boolean alive() {
        return daemon != null && daemon.isAlive();
    }

    int starts() {
        return starts;
    }

    Jar.Result dkg(String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("dkg"));
        a.addAll(List.of(args));
        a.addAll(List.of("--control", control()));
        return Jar.cli(prefix, a.toArray(String[]::new));
    }

    /** Its Prometheus text (GET /metrics on its metrics listener). */
    String metricsText() throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + host + ":" + metricsPort + "/metrics"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(name + " /metrics").isEqualTo(200);
        return r.body();
    }

    String logText() {
        try {
            return log == null ? "" : Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * How far this daemon's wall clock is from the machine's, in ms: the time stamp of its log's
     * last event against the time the file was last written (the kernel's clock), read when no
     * line came in between. Lines without a time stamp (the start banner, a stack trace) are
     * skipped: they were written right after their event.
     */
    long clockOffsetMillis() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            java.nio.file.attribute.FileTime before = Files.getLastModifiedTime(log);
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            if (!before.equals(Files.getLastModifiedTime(log))) {
                continue;
            }
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i);
                int space = line.indexOf(' ');
                if (space >= 20 && Character.isDigit(line.charAt(0))) {
                    try {
                        long stamped = java.time.OffsetDateTime.parse(line.substring(0, space)).toInstant().toEpochMilli();
                        return stamped - before.toMillis();
                    } catch (java.time.format.DateTimeParseException e) {
                        // not a time stamp: look further up
                    }
                }
            }
        }
        throw new AssertionError(name + ": no time-stamped log line to read its clock from; its log ends with:\n"
                + tail(logText(), 20));
    }

    /** The last {@code lines} lines of {@code text}, for failure messages. */
    private static String tail(String text, int lines) {
        String[] l = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(l, Math.max(0, l.length - lines), l.length));
    }

    /** Every log this node wrote, all starts. */
    String allLogs() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= starts; i++) {
            Path p = logs.resolve(name + "-" + i + ".log");
            if (Files.exists(p)) {
                sb.append(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return name + "@" + address();
    }
}
