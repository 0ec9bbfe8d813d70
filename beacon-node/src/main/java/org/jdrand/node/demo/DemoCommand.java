package org.jdrand.node.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.node.key.GoDuration;
import org.jdrand.node.key.KeyStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jdrand demo}: a local League of Entropy on this machine. Starts real node processes of
 * this jar on free loopback ports, runs key generation and the DKG ceremony with the operator's
 * own commands, then prints one line per round until Ctrl-C (or a bounded {@code --rounds} /
 * {@code --duration}). A second run resumes the network saved in the folder.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs a local network of real jdrand nodes (key generation, DKG ceremony, beacons) and prints "
                + "one line per round. Ctrl-C stops every node; the next run resumes the same network.",
            "State lives in --dir (default .demo under the current directory)."},
        subcommands = {DemoCommand.NodeCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  ./jdrand demo                                   # 5 nodes, threshold 3, 3 s rounds",
            "  ./jdrand demo --nodes 7 --threshold 4 --scheme bls-unchained-g1-rfc9380 --fresh",
            "  ./jdrand demo --rounds 5                        # stop after 5 rounds (scripts, CI)"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped after the requested rounds/duration (every round verified, no node disagreed), "
                + "or by Ctrl-C",
            "1:the network could not be set up, produced no round, a round failed to verify or was served "
                    + "differently by two nodes, or fewer nodes than the threshold were left (a node that exits is "
                    + "reported, and the demo goes on while the threshold still runs)", "2:invalid arguments"})
public final class DemoCommand implements Callable<Integer> {
    private static final String BEACON_ID = KeyStore.DEFAULT_BEACON_ID;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "5", description = "Number of nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--threshold", paramLabel = "T",
            description = "Signatures needed per round, N/2+1..N (default: 3 for 5 nodes, else N/2+1).")
    Integer threshold;

    @Option(names = "--period", paramLabel = "DURATION", defaultValue = "3s",
            description = "Time between rounds, whole seconds (default: ${DEFAULT-VALUE}).")
    String period;

    @Option(names = "--scheme", paramLabel = "SCHEME", defaultValue = "pedersen-bls-chained",
            description = "pedersen-bls-chained (default), pedersen-bls-unchained, bls-unchained-g1-rfc9380, "
                    + "bls-unchained-on-g1 or bls-bn254-unchained-on-g1 (evmnet's BN254 scheme).")
    String scheme;

    @Option(names = "--genesis-delay", paramLabel = "DURATION", defaultValue = "20s",
            description = "Genesis = the DKG proposal time + this (default: ${DEFAULT-VALUE}, as drand's demo).")
    String genesisDelay;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "0",
            description = "Stop after N new rounds (default: run until Ctrl-C).")
    int rounds;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Stop after this long, e.g. 2m.")
    String duration;

    @Option(names = "--fresh", description = "Discard the saved network and start a new one.")
    boolean fresh;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${env:JDRAND_DEMO_DIR:-.demo}",
            description = "Folder of the demo network (default: $JDRAND_DEMO_DIR, else .demo under the current "
                    + "directory).")
    Path dir;

    private final List<DemoNode> running = new ArrayList<>();
    private final List<JdrandLauncher.Running> clis = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile boolean stopped;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int t = threshold != null ? threshold : nodes == 5 ? 3 : nodes / 2 + 1;
        int periodSeconds = (int) seconds(period, "--period");
        Duration delay = Duration.ofSeconds(seconds(genesisDelay, "--genesis-delay"));
        Duration bound = duration == null ? null : Duration.ofSeconds(seconds(duration, "--duration"));
        validate(t, periodSeconds);
        JdrandLauncher launcher;
        try {
            launcher = JdrandLauncher.current();
        } catch (IllegalStateException e) {
            err.println(e.getMessage());
            return 1;
        }
        Path folder = dir.toAbsolutePath().normalize();
        Files.createDirectories(folder);
        try (FileChannel lockFile = FileChannel.open(folder.resolve("demo.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                err.println("demo: another 'jdrand demo' is running on " + folder + " (stop it, or use --dir)");
                return 1;
            }
            Thread hook = new Thread(() -> shutdown(out), "demo-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                return run(out, err, launcher, folder, t, periodSeconds, delay, bound);
            } finally {
                shutdown(out);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down: the hook runs (and finds nothing left to do)
                }
            }
        }
    }

    private int run(PrintWriter out, PrintWriter err, JdrandLauncher launcher, Path folder, int t, int periodSeconds,
            Duration genesisDelayValue, Duration bound) throws Exception {
        boolean http = true;
        boolean metrics = true;
        String why = fresh ? "--fresh given" : unusable(folder, t, periodSeconds).orElse(null);
        DemoState state;
        if (why == null) {
            state = DemoState.load(folder);
            out.printf("Resuming the demo network saved in %s: %d nodes, threshold %d, period %d s, %s.%n", folder,
                    state.nodes(), state.threshold(), state.periodSeconds(), state.scheme());
            out.println("(start over with 'jdrand demo --fresh')");
        } else {
            out.printf("Starting a fresh demo network in %s (%s): %d nodes, threshold %d, period %d s, %s.%n", folder, why,
                    nodes, t, periodSeconds, scheme);
            if (!wipe(folder, err)) {
                return 1;
            }
            state = new DemoState(scheme, nodes, t, periodSeconds, freePorts(nodes, http, metrics), false);
            state.save(folder);
        }
        out.flush();
        List<DemoNode> network = new ArrayList<>();
        for (DemoState.NodePorts p : state.ports()) {
            network.add(new DemoNode(folder, p, http && p.publicPort() > 0, metrics && p.metricsPort() > 0));
        }
        if (!state.complete()) {
            out.println();
            out.println("1. Each node generates its long-term key pair:");
            List<JdrandLauncher.Running> keygens = new ArrayList<>();
            for (DemoNode n : network) {
                keygens.add(cli(launcher, List.of("generate-keypair", "--folder", n.folder().toString(), "--scheme",
                        state.scheme(), n.ports().privateAddress())));
            }
            if (!awaitAll(keygens, out, err, 120)) {
                return 1;
            }
        }
        out.println();
        out.println((state.complete() ? "Starting" : "2. Each node starts its daemon") + " (logs in " + folder
                + "/node-<i>/node.log):");
        for (DemoNode n : network) {
            if (stopping.get()) {
                return 0;
            }
            out.println("   $ " + JdrandLauncher.display(n.startArgs()));
            synchronized (running) {
                n.start(launcher);
                running.add(n);
            }
        }
        out.flush();
        for (DemoNode n : network) {
            if (!n.awaitControl(Duration.ofSeconds(90))) {
                if (stopping.get()) {
                    return 0;
                }
                err.println("demo: node " + n.index() + " did not start; the end of " + n.log() + ":\n" + n.logTail(15));
                return 1;
            }
        }
        if (!state.complete()) {
            if (!ceremony(out, err, launcher, folder, network, state, genesisDelayValue)) {
                return 1;
            }
            state = state.completed();
            state.save(folder);
        }
        // 'start' may accept --public-listen/--metrics without serving them, and serves HTTP only
        // once a beacon runs (after the DKG, or when restarted from disk): believe the socket
        http = http && network.get(0).ports().publicPort() > 0 && listening(network.get(0).ports().publicPort());
        metrics = metrics && network.get(0).ports().metricsPort() > 0
                && listening(network.get(0).ports().metricsPort());
        ChainInfo info = new KeyStore(network.get(0).folder(), BEACON_ID, bls()).loadGroup().chainInfo();
        printAccess(out, folder, launcher, network, http, metrics, info);
        return watch(out, err, launcher, folder, network, http, info, state.threshold(), bound);
    }

    /** The DKG ceremony, run with the commands of docs/OPERATING.md: node 1 leads, the others join. */
    private boolean ceremony(PrintWriter out, PrintWriter err, JdrandLauncher launcher, Path folder, List<DemoNode> network,
            DemoState state, Duration genesisDelayValue) throws Exception {
        DemoNode leader = network.get(0);
        String leaderControl = Integer.toString(leader.ports().controlPort());
        Path proposal = folder.resolve("proposal.toml");
        out.println();
        out.println("3. The leader (node 1) writes the proposal from every node's identity and proposes the group:");
        List<String> gen = new ArrayList<>(List.of("dkg", "generate-proposal", "--insecure"));
        for (DemoNode n : network) {
            gen.addAll(List.of("--joiner", n.ports().privateAddress()));
        }
        gen.addAll(List.of("--out", proposal.toString()));
        if (!awaitAll(List.of(cli(launcher, gen)), out, err, 120)) {
            return false;
        }
        if (!awaitAll(List.of(cli(launcher, List.of("dkg", "init", "--control", leaderControl, "--proposal",
                proposal.toString(), "--threshold", Integer.toString(state.threshold()), "--period",
                state.periodSeconds() + "s", "--scheme", state.scheme(), "--genesis-delay",
                genesisDelayValue.toSeconds() + "s"))), out, err, 120)) {
            return false;
        }
        out.println();
        out.println("4. The other nodes join:");
        List<JdrandLauncher.Running> joins = new ArrayList<>();
        for (DemoNode n : network.subList(1, network.size())) {
            joins.add(cli(launcher, List.of("dkg", "join", "--control", Integer.toString(n.ports().controlPort()))));
        }
        if (!awaitAll(joins, out, err, 120)) {
            return false;
        }
        out.println();
        out.println("5. The leader executes the DKG and waits for it to finish:");
        if (!awaitAll(List.of(cli(launcher, List.of("dkg", "execute", "--control", leaderControl, "--wait",
                "--wait-timeout", "3m"))), out, err, 240)) {
            err.println("demo: the DKG did not complete; see 'jdrand dkg status --control " + leaderControl
                    + "' and the node logs in " + folder);
            return false;
        }
        // the leader's --wait returns when the leader is done; the others write their files a moment later
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (DemoNode n : network) {
            Path groupFile = new KeyStore(n.folder(), BEACON_ID, bls()).groupFile();
            while (!Files.isRegularFile(groupFile) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            if (!Files.isRegularFile(groupFile)) {
                err.println("demo: node " + n.index() + " has no group file after the DKG; see " + n.log());
                return false;
            }
        }
        return true;
    }

    private void printAccess(PrintWriter out, Path folder, JdrandLauncher launcher, List<DemoNode> network, boolean http,
            boolean metrics, ChainInfo info) {
        String jdrand = jdrandCommand(launcher);
        long now = Instant.now().getEpochSecond();
        out.println();
        out.println("Chain hash " + info.hashHex() + ", group public key " + Hex.encode(info.publicKey()) + ",");
        out.println("genesis " + Instant.ofEpochSecond(info.genesisTime())
                + (info.genesisTime() > now ? " (in " + (info.genesisTime() - now) + " s)" : "") + ".");
        if (http) {
            DemoNode first = network.get(0);
            String base = "http://127.0.0.1:" + first.ports().publicPort();
            out.println();
            out.println("Try (any node; node i serves HTTP on the port listed in " + folder.resolve(DemoState.FILE) + "):");
            out.println("  curl -s " + base + "/public/latest");
            out.println("  curl -s " + base + "/info");
            out.println("  curl -s " + base + "/api/public");
            StringBuilder all = new StringBuilder();
            for (DemoNode n : network) {
                all.append(' ').append("http://127.0.0.1:").append(n.ports().publicPort());
            }
            out.println("Node HTTP endpoints:" + all);
            if (metrics) {
                out.println("Metrics: curl -s http://127.0.0.1:" + first.ports().metricsPort() + "/metrics");
            }
            out.println();
            out.println("Verify a round offline with the group public key:");
            out.println("  curl -s " + base + "/public/latest | " + jdrand + " verify --scheme " + info.scheme().id()
                    + " --public-key " + Hex.encode(info.publicKey()) + " -");
        } else {
            out.println();
            out.println("(the nodes of this build serve no HTTP yet: the demo reads beacons over gRPC)");
            out.println("Verify a round offline with the group public key (the demo writes the latest agreed round to "
                    + "latest.json):");
        }
        out.println("  " + jdrand + " verify --scheme " + info.scheme().id() + " --public-key "
                + Hex.encode(info.publicKey()) + " " + folder.resolve("latest.json"));
        out.println();
        out.println("New rounds (Ctrl-C stops every node; run the same command again to resume):");
        out.flush();
    }

    private int watch(PrintWriter out, PrintWriter err, JdrandLauncher launcher, Path folder, List<DemoNode> network,
            boolean http, ChainInfo info, int threshold, Duration bound) throws InterruptedException {
        Instant end = bound == null ? null : Instant.now().plus(bound);
        Duration period = Duration.ofSeconds(info.periodSeconds());
        long genesis = info.genesisTime();
        // no new round for this long after genesis: something is wrong; a bounded run gives up
        Duration stall = Duration.ofSeconds(Math.max(60, 10L * info.periodSeconds()));
        BeaconVerifier verifier = BeaconVerifier.forChain(bls().backend(), info);
        int reported = 0;
        int bad = 0;
        java.util.Set<Integer> left = new java.util.TreeSet<>();
        Instant lastNew = Instant.now();
        Instant firstSeen = null;
        try (RoundWatcher w = new RoundWatcher(network, http, verifier, folder.resolve("latest.json"))) {
            while (!stopping.get()) {
                Instant now = Instant.now();
                if (end != null && now.isAfter(end)) {
                    break;
                }
                for (DemoNode n : network) {
                    if (!n.process().isAlive() && left.add(n.index())) {
                        // on Ctrl-C the terminal signals the nodes too: that is no failure
                        Thread.sleep(1000);
                        if (stopping.get()) {
                            return 0;
                        }
                        int remaining = network.size() - left.size();
                        err.println(departure(launcher, n, remaining, network.size(), threshold, folder));
                        err.flush();
                        if (remaining < threshold) {
                            return 1;
                        }
                    }
                }
                // wait for all nodes for up to 2/3 of a period, then report what those who have it serve
                boolean impatient = firstSeen != null
                        && Duration.between(firstSeen, now).compareTo(period.multipliedBy(2).dividedBy(3)) > 0;
                Optional<RoundWatcher.Report> r = w.poll(impatient);
                if (r.isPresent()) {
                    w.print(out, r.get());
                    reported++;
                    if (!r.get().sound()) {
                        bad++;
                    }
                    lastNew = now;
                    firstSeen = null;
                    if (rounds > 0 && reported >= rounds) {
                        break;
                    }
                } else if (firstSeen == null) {
                    long max = network.stream().mapToLong(n -> w.fetch(n, 0).map(b -> b.round()).orElse(0L)).max()
                            .orElse(0);
                    if (max > w.lastReported()) {
                        firstSeen = now;
                    }
                }
                if (now.getEpochSecond() > genesis && Duration.between(lastNew, now).compareTo(stall) > 0) {
                    err.println("demo: no new round for " + stall.toSeconds() + " s; check the node logs in " + folder);
                    if (end != null || rounds > 0) {
                        return 1;
                    }
                    lastNew = now;
                }
                Thread.sleep(250);
            }
        }
        if (reported == 0 && !stopping.get()) {
            err.println("demo: no round was produced; check the node logs in " + folder);
            return 1;
        }
        return bad == 0 || stopping.get() ? 0 : 1;
    }

    /**
     * What the user reads when a node process exits: which node, why (its log), whether the others
     * still hold the threshold, and the command that brings it back.
     */
    private String departure(JdrandLauncher launcher, DemoNode n, int remaining, int total, int t, Path folder) {
        StringBuilder sb = new StringBuilder();
        sb.append("demo: node ").append(n.index()).append(" left the network (exit ").append(n.process().exitValue())
                .append("); the end of ").append(n.log()).append(":\n").append(n.logTail(5)).append('\n');
        if (remaining >= t) {
            sb.append("demo: ").append(remaining).append(" of ").append(total).append(" nodes still run, threshold ")
                    .append(t).append(": the chain goes on.\n");
        } else {
            sb.append("demo: only ").append(remaining).append(" of ").append(total)
                    .append(" nodes still run, below the threshold ").append(t)
                    .append(": no round can be signed; stopping (run 'jdrand demo --dir ").append(folder)
                    .append("' again to resume).\n");
        }
        sb.append("demo: to bring node ").append(n.index()).append(" back, in another terminal: ")
                .append(jdrandCommand(launcher)).append(' ').append(String.join(" ", n.startArgs()))
                .append("\n      (the demo watches it again once it serves; stop it with 'jdrand stop --control ")
                .append(n.ports().controlPort()).append("')");
        return sb.toString();
    }

    /** Stops every node (once), from the normal end, an error or the shutdown hook (Ctrl-C). */
    private void shutdown(PrintWriter out) {
        stopping.set(true);
        synchronized (running) {
            if (stopped) {
                return;
            }
            stopped = true;
            for (JdrandLauncher.Running c : clis) {
                c.process().descendants().forEach(ProcessHandle::destroyForcibly);
                c.process().destroyForcibly();
            }
            if (running.isEmpty()) {
                return;
            }
            out.println();
            out.println("Stopping " + running.size() + " nodes...");
            out.flush();
            List<Thread> stoppers = new ArrayList<>();
            for (DemoNode n : running) {
                Thread th = new Thread(() -> {
                    try {
                        n.stop(Duration.ofSeconds(10));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "demo-stop-" + n.index());
                th.start();
                stoppers.add(th);
            }
            for (Thread th : stoppers) {
                try {
                    th.join(20_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            out.println("All nodes stopped. The network is kept in " + dir.toAbsolutePath().normalize()
                    + ": 'jdrand demo' resumes it, 'jdrand demo --fresh' starts over.");
            out.flush();
        }
    }

    private JdrandLauncher.Running cli(JdrandLauncher launcher, List<String> args) throws IOException {
        synchronized (running) {
            if (stopping.get()) {
                throw new IOException("demo stopping");
            }
            JdrandLauncher.Running r = launcher.startCli(args);
            clis.add(r);
            return r;
        }
    }

    /** Waits for CLI commands, printing each one and its output; false if one failed. */
    private boolean awaitAll(List<JdrandLauncher.Running> commands, PrintWriter out, PrintWriter err, long timeoutSeconds)
            throws InterruptedException {
        boolean ok = true;
        for (JdrandLauncher.Running c : commands) {
            JdrandLauncher.Result r = c.await(timeoutSeconds);
            out.println("   $ " + JdrandLauncher.display(r.args()));
            boolean keygen = r.args().get(0).equals("generate-keypair");
            for (String line : r.output().strip().split("\n")) {
                // generate-keypair also prints the whole public key file: one line is enough here
                if (!line.isBlank() && (!keygen || !r.ok() || line.startsWith("Generated"))) {
                    out.println("     " + line);
                }
            }
            out.flush();
            if (!r.ok() && !stopping.get()) {
                err.println("demo: '" + JdrandLauncher.display(r.args()) + "' failed (exit " + r.exitCode() + ")");
                ok = false;
            }
        }
        return ok && !stopping.get();
    }

    /** Why the saved network cannot be resumed, or empty when it can. */
    private Optional<String> unusable(Path folder, int t, int periodSeconds) {
        DemoState s;
        try {
            s = DemoState.load(folder);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of(Files.exists(folder.resolve(DemoState.FILE)) ? "saved state unreadable: " + e.getMessage()
                    : "no saved network");
        }
        if (!s.complete()) {
            return Optional.of("the saved network never finished its DKG");
        }
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        if (pr.hasMatchedOption("--nodes") && s.nodes() != nodes || pr.hasMatchedOption("--threshold") && s.threshold() != t
                || pr.hasMatchedOption("--period") && s.periodSeconds() != periodSeconds
                || pr.hasMatchedOption("--scheme") && !s.scheme().equals(scheme)) {
            return Optional.of("the options differ from the saved network's");
        }
        for (DemoState.NodePorts p : s.ports()) {
            KeyStore ks = new KeyStore(folder.resolve("node-" + p.index()), BEACON_ID, bls());
            if (!ks.hasKeyPair() || !ks.hasGroup() || !ks.hasShare()) {
                return Optional.of("node " + p.index() + " lost its key, group or share files");
            }
            for (int port : new int[] {p.privatePort(), p.controlPort(), p.publicPort(), p.metricsPort()}) {
                if (port > 0 && !portFree(port)) {
                    return Optional.of("port " + port + " of node " + p.index() + " is taken by another program");
                }
            }
        }
        return Optional.empty();
    }

    /** Empties the demo folder; refuses a folder that does not look like one (a typo in --dir must not delete data). */
    private boolean wipe(Path folder, PrintWriter err) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                boolean ours = name.equals(DemoState.FILE) || name.equals("demo.lock") || name.startsWith("node-")
                        || name.startsWith("proposal.toml") || name.startsWith("latest.json")
                        || name.startsWith(DemoState.FILE);
                if (!ours) {
                    err.println("demo: " + folder + " holds " + name + ", which is not demo state: refusing to wipe it "
                            + "(choose another --dir)");
                    return false;
                }
            }
        }
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path p : entries.filter(p -> !p.getFileName().toString().equals("demo.lock")).toList()) {
                try (Stream<Path> walk = Files.walk(p)) {
                    for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(q);
                    }
                }
            }
        }
        return true;
    }

    private void validate(int t, int periodSeconds) {
        CommandLine cl = spec.commandLine();
        if (nodes < 2 || nodes > 32) {
            throw new CommandLine.ParameterException(cl, "demo: --nodes " + nodes + " (expected 2..32)");
        }
        if (t < nodes / 2 + 1 || t > nodes) {
            throw new CommandLine.ParameterException(cl, "demo: --threshold " + t + " (expected " + (nodes / 2 + 1) + ".."
                    + nodes + " for " + nodes + " nodes)");
        }
        if (periodSeconds < 1) {
            throw new CommandLine.ParameterException(cl, "demo: --period " + period + " (expected at least 1s)");
        }
        try {
            Scheme.byId(scheme);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "demo: --scheme " + scheme + ": " + e.getMessage());
        }
        if (rounds < 0) {
            throw new CommandLine.ParameterException(cl, "demo: --rounds " + rounds + " (expected 0 or more)");
        }
    }

    /** "3s", "2m", "1h" (Go durations in whole seconds), or a bare "3", to seconds. */
    private long seconds(String value, String option) {
        String v = value.trim();
        try {
            Duration d = v.chars().allMatch(Character::isDigit) && !v.isEmpty()
                    ? Duration.ofSeconds(Long.parseLong(v)) : GoDuration.parse(v);
            if (d.getNano() != 0) {
                throw new IllegalArgumentException("not whole seconds");
            }
            return d.getSeconds();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "demo: " + option + " " + value
                    + " (expected whole seconds, minutes or hours, e.g. 3s, 2m)");
        }
    }

    private static List<DemoState.NodePorts> freePorts(int n, boolean http, boolean metrics) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<DemoState.NodePorts> out = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                out.add(new DemoState.NodePorts(i, hold(held), hold(held), http ? hold(held) : 0, metrics ? hold(held) : 0));
            }
            return out;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    private static int hold(List<ServerSocket> held) throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        held.add(s);
        return s.getLocalPort();
    }

    /** Whether something accepts connections on the loopback port (retried for ~10 s: listeners start late). */
    private static boolean listening(int port) throws InterruptedException {
        for (int i = 0; i < 40; i++) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return true;
            } catch (IOException e) {
                Thread.sleep(250);
            }
        }
        return false;
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Bls bls() {
        return new Bls(BlsBackends.fromSystemProperty(notice -> { }));
    }

    /** How the user runs jdrand: ./jdrand from the repository root, else java -jar. */
    private static String jdrandCommand(JdrandLauncher launcher) {
        Path cwd = Path.of("").toAbsolutePath();
        if (Files.isExecutable(cwd.resolve("jdrand")) && launcher.jar().startsWith(cwd)) {
            return "./jdrand";
        }
        return "java -jar " + launcher.jar();
    }

    /**
     * Hidden: runs one jdrand command (the demo's {@code start}) and exits when the demo process
     * {@code --parent-pid} is gone, so that nodes never outlive a killed demo.
     */
    @Command(name = "node", hidden = true, mixinStandardHelpOptions = true, description = "Runs a jdrand command until --parent-pid exits (demo nodes).")
    static final class NodeCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--parent-pid", required = true, paramLabel = "PID")
        long parentPid;

        @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The jdrand command, after --.")
        List<String> command;

        @Override
        public Integer call() {
            Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
            if (parent.isEmpty() || !parent.get().isAlive()) {
                System.err.println("demo node: parent process " + parentPid + " is gone; not starting");
                return 1;
            }
            parent.get().onExit().thenRun(() -> {
                System.err.println("demo node: the demo process " + parentPid + " is gone: stopping");
                System.exit(0);
            });
            // the jdrand root command, found through picocli rather than imported (demo is below cli)
            Class<?> root = spec.root().userObject().getClass();
            return new CommandLine(root).execute(command.toArray(String[]::new));
        }
    }
}
