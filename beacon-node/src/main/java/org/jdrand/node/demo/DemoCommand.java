package org.jdrand.node.demo;

import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.node.key.GoDuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
        subcommands = {DemoNodeCommand.class},
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
            DemoProcesses processes = new DemoProcesses(launcher, out, err);
            Thread hook = new Thread(() -> processes.shutdown(folder), "demo-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                return run(out, err, processes, folder, t, periodSeconds, delay, bound);
            } finally {
                processes.shutdown(folder);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down: the hook runs (and finds nothing left to do)
                }
            }
        }
    }

    /** Resumes the saved network or sets up a fresh one, then watches it. */
    private int run(PrintWriter out, PrintWriter err, DemoProcesses processes, Path folder, int t, int periodSeconds,
            Duration genesisDelayValue, Duration bound) throws Exception {
        boolean http = true;
        boolean metrics = true;
        String why = fresh ? "--fresh given" : DemoFolder.unusable(folder, saved -> optionsDiffer(saved, t, periodSeconds))
                .orElse(null);
        DemoState state;
        if (why == null) {
            state = DemoState.load(folder);
            out.printf("Resuming the demo network saved in %s: %d nodes, threshold %d, period %d s, %s.%n", folder,
                    state.nodes(), state.threshold(), state.periodSeconds(), state.scheme());
            out.println("(start over with 'jdrand demo --fresh')");
        } else {
            out.printf("Starting a fresh demo network in %s (%s): %d nodes, threshold %d, period %d s, %s.%n", folder, why,
                    nodes, t, periodSeconds, scheme);
            if (!DemoFolder.wipe(folder, err)) {
                return 1;
            }
            state = new DemoState(scheme, nodes, t, periodSeconds, DemoFolder.freePorts(nodes, http, metrics), false);
            state.save(folder);
        }
        out.flush();
        List<DemoNode> network = new ArrayList<>();
        for (DemoState.NodePorts p : state.ports()) {
            network.add(new DemoNode(folder, p, http && p.publicPort() > 0, metrics && p.metricsPort() > 0));
        }
        DemoCeremony ceremony = new DemoCeremony(processes, out, err, folder);
        if (!state.complete() && !ceremony.keyPairs(network, state)) {
            return 1;
        }
        out.println();
        out.println((state.complete() ? "Starting" : "2. Each node starts its daemon") + " (logs in " + folder
                + "/node-<i>/node.log):");
        for (DemoNode n : network) {
            if (processes.stopping()) {
                return 0;
            }
            out.println("   $ " + JdrandLauncher.display(n.startArgs()));
            processes.start(n);
        }
        out.flush();
        for (DemoNode n : network) {
            if (!n.awaitControl(Duration.ofSeconds(90))) {
                if (processes.stopping()) {
                    return 0;
                }
                err.println("demo: node " + n.index() + " did not start; the end of " + n.log() + ":\n" + n.logTail(15));
                return 1;
            }
        }
        if (!state.complete()) {
            if (!ceremony.run(network, state, genesisDelayValue)) {
                return 1;
            }
            state = state.completed();
            state.save(folder);
        }
        // 'start' may accept --public-listen/--metrics without serving them, and serves HTTP only
        // once a beacon runs (after the DKG, or when restarted from disk): believe the socket
        http = http && network.get(0).ports().publicPort() > 0 && DemoFolder.listening(network.get(0).ports().publicPort());
        metrics = metrics && network.get(0).ports().metricsPort() > 0
                && DemoFolder.listening(network.get(0).ports().metricsPort());
        ChainInfo info = DemoFolder.keys(network.get(0).folder()).loadGroup().chainInfo();
        DemoAccess.print(out, folder, processes.launcher(), network, http, metrics, info);
        return new DemoWatch(processes, out, err, folder).run(network, http, info, state.threshold(), bound, rounds);
    }

    /** Whether options the user gave on this run differ from the saved network's. */
    private boolean optionsDiffer(DemoState s, int t, int periodSeconds) {
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        return pr.hasMatchedOption("--nodes") && s.nodes() != nodes || pr.hasMatchedOption("--threshold") && s.threshold() != t
                || pr.hasMatchedOption("--period") && s.periodSeconds() != periodSeconds
                || pr.hasMatchedOption("--scheme") && !s.scheme().equals(scheme);
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
}
