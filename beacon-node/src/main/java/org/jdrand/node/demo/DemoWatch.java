package org.jdrand.node.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.ChainInfo;

/**
 * The demo's main loop once the network runs: polls the nodes through {@link RoundWatcher},
 * prints each new round, notices stalls and nodes that leave, and decides the exit code.
 */
final class DemoWatch {
    private final DemoProcesses processes;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Path folder;

    DemoWatch(DemoProcesses processes, PrintWriter out, PrintWriter err, Path folder) {
        this.processes = processes;
        this.out = out;
        this.err = err;
        this.folder = folder;
    }

    /**
     * Prints one line per new round until stopped, {@code rounds} rounds were reported or
     * {@code bound} has passed; reports nodes that leave.
     *
     * @return the exit code: 0, or 1 when a round was unsound, none came, or too few nodes are left
     */
    int run(List<DemoNode> network, boolean http, ChainInfo info, int threshold, Duration bound, int rounds)
            throws InterruptedException {
        Instant end = bound == null ? null : Instant.now().plus(bound);
        Duration period = Duration.ofSeconds(info.periodSeconds());
        long genesis = info.genesisTime();
        // no new round for this long after genesis: something is wrong; a bounded run gives up
        Duration stall = Duration.ofSeconds(Math.max(60, 10L * info.periodSeconds()));
        BeaconVerifier verifier = BeaconVerifier.forChain(BlsBackends.fromSystemProperty(notice -> { }), info);
        int reported = 0;
        int bad = 0;
        java.util.Set<Integer> left = new java.util.TreeSet<>();
        Instant lastNew = Instant.now();
        Instant firstSeen = null;
        try (RoundWatcher w = new RoundWatcher(network, http, verifier, folder.resolve("latest.json"))) {
            while (!processes.stopping()) {
                Instant now = Instant.now();
                if (end != null && now.isAfter(end)) {
                    break;
                }
                for (DemoNode n : network) {
                    if (!n.process().isAlive() && left.add(n.index())) {
                        // on Ctrl-C the terminal signals the nodes too: that is no failure
                        Thread.sleep(1000);
                        if (processes.stopping()) {
                            return 0;
                        }
                        int remaining = network.size() - left.size();
                        err.println(departure(n, remaining, network.size(), threshold, folder));
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
        if (reported == 0 && !processes.stopping()) {
            err.println("demo: no round was produced; check the node logs in " + folder);
            return 1;
        }
        return bad == 0 || processes.stopping() ? 0 : 1;
    }

    /**
     * What the user reads when a node process exits: which node, why (its log), whether the others
     * still hold the threshold, and the command that brings it back.
     */
    private String departure(DemoNode n, int remaining, int total, int t, Path folder) {
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
                .append(processes.launcher().userCommand()).append(' ').append(String.join(" ", n.startArgs()))
                .append("\n      (the demo watches it again once it serves; stop it with 'jdrand stop --control ")
                .append(n.ports().controlPort()).append("')");
        return sb.toString();
    }
}
