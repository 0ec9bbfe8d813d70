package org.jdrand.node.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import org.jdrand.crypto.Hex;
import org.jdrand.node.cli.control.ControlClient;
import org.jdrand.node.cli.control.ControlException;
import org.jdrand.node.sync.OperatorSyncProgress;
import org.jdrand.node.sync.OperatorSyncRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jdrand sync}: drand's operator sync over the control port. With {@code --follow} the
 * daemon follows a chain it holds no share of (StartFollowChain); without, it checks its stored
 * rounds and repairs bad ones from the given nodes (StartCheckChain).
 */
@Command(name = "sync", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Follows a chain from other nodes (--follow), or checks the local chain and repairs bad or "
                + "missing rounds from them.",
            "Progress goes to stderr, the summary to stdout. A follow without --up-to runs until interrupted "
                + "(Ctrl-C); the chain stays stored and served by the daemon, and the next follow resumes it.",
            "Check with only this node's own address in --sync-nodes is a dry run: it reports bad rounds and "
                + "writes nothing."},
        footerHeading = "%nExamples:%n",
        footer = {"  # follow a chain (this node has no share of it), verifying every beacon",
            "  jdrand sync --follow --sync-nodes node1.example.org:4444,node2.example.org:4444 \\",
            "      --id quicknet --chain-hash 52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971 --control 8888",
            "  # follow only up to round 1000, then stop",
            "  jdrand sync --follow --up-to 1000 --sync-nodes node1.example.org:4444",
            "  # check rounds 1..5000 and repair bad ones from two peers",
            "  jdrand sync --up-to 5000 --sync-nodes node1.example.org:4444,node2.example.org:4444",
            "  # dry run: list bad rounds without writing (this node's own private address)",
            "  jdrand sync --sync-nodes 127.0.0.1:4444"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (follow reached --up-to, or every checked round is valid or repaired)",
            "1:failed (daemon unreachable, chain hash mismatch, bad rounds left, ...)", "2:invalid arguments"})
public final class SyncCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--sync-nodes", required = true, split = ",", paramLabel = "HOST:PORT",
            description = "Nodes to sync from (their private gRPC addresses), comma-separated.")
    List<String> nodes;

    @Option(names = "--follow", description = "Follow the chain (StartFollowChain) instead of checking it.")
    boolean follow;

    @Option(names = "--chain-hash", paramLabel = "HEX",
            description = "Chain hash the nodes must serve (follow refuses another chain). Recommended.")
    String chainHash;

    @Option(names = "--up-to", paramLabel = "ROUND", defaultValue = "0",
            description = "Last round to follow or check (0: follow forever / check up to the stored head).")
    long upTo;

    @Mixin
    ControlOptions ctl;

    /** Monotonic time for the progress rate (injectable for tests). */
    LongSupplier nanos = System::nanoTime;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        if (upTo < 0) {
            throw new CommandLine.ParameterException(cmd, "sync: --up-to " + upTo + " (expected >= 0)");
        }
        List<String> given = nodes.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (given.isEmpty()) {
            throw new CommandLine.ParameterException(cmd, "sync: --sync-nodes is empty (expected host:port,...)");
        }
        byte[] expected = null;
        if (chainHash != null && !chainHash.isBlank()) {
            byte[] h;
            try {
                h = Hex.decode(chainHash.trim());
            } catch (IllegalArgumentException e) {
                h = null;
            }
            if (h == null || h.length != 32) {
                throw new CommandLine.ParameterException(cmd, "sync: --chain-hash " + chainHash
                        + " (expected 64 hex characters, as 'jdrand show chain-info --hash' prints)");
            }
            expected = h;
        }
        OperatorSyncRequest req = new OperatorSyncRequest(ctl.beaconId, expected, given, upTo);
        PrintWriter out = cmd.getOut();
        PrintWriter err = cmd.getErr();
        String verb = follow ? "follow" : "check";
        try (ControlClient c = new ControlClient(ctl.control)) {
            Progress progress = new Progress(err);
            try {
                if (follow) {
                    c.follow(req, progress::update);
                } else {
                    c.check(req, progress::update);
                }
            } catch (ControlException e) {
                progress.flush();
                err.println(verb + ": " + explain(e));
                return 1;
            }
            progress.flush();
            if (follow) {
                out.println("follow: beacon " + ctl.beaconId + " synced to round " + progress.lastCurrent
                        + (progress.chain.isEmpty() ? "" : " (chain " + progress.chain + ")"));
            } else if (progress.repairTotal < 0) {
                out.println("check: beacon " + ctl.beaconId + " rounds 1.." + progress.checkTarget + " all valid");
            } else {
                out.println("check: beacon " + ctl.beaconId + " rounds 1.." + progress.checkTarget + ": "
                        + progress.repairTotal + " bad or missing round(s) re-fetched and repaired");
            }
            out.flush();
            return 0;
        }
    }

    private String explain(ControlException e) {
        String d = e.description();
        boolean fromDaemon = d != null && (d.startsWith("follow:") || d.startsWith("check:"));
        if (!fromDaemon) {
            if (e.reason() == ControlException.Reason.UNSUPPORTED) {
                return "the daemon on control port " + ctl.control + " does not support operator sync (upgrade it)";
            }
            return e.getMessage();
        }
        String msg = d.substring(d.indexOf(':') + 1).trim();
        if (d.contains("chain hash") && e.reason() == ControlException.Reason.REFUSED) {
            msg += ": check --chain-hash and --sync-nodes (a member prints its hash with 'jdrand show chain-info --hash')";
        }
        return msg;
    }

    /** Prints a progress line at most once a second (and at each phase's end) on stderr. */
    private final class Progress {
        private final PrintWriter err;
        private final long start = nanos.getAsLong();
        private long lastPrint = Long.MIN_VALUE;
        private long firstCurrent = -1;
        private String pending;
        long lastCurrent;
        long checkTarget;
        long repairTotal = -1; // check: set once the repair phase started
        private boolean checkPhaseDone;
        String chain = "";

        Progress(PrintWriter err) {
            this.err = err;
        }

        void update(OperatorSyncProgress p) {
            long current = p.current();
            long target = p.target();
            if (p.chainHash().length > 0) {
                chain = Hex.shortHex(p.chainHash());
            }
            String what;
            if (follow) {
                what = "synced";
                lastCurrent = current;
            } else if (!checkPhaseDone) {
                what = "checked";
                checkTarget = target;
                checkPhaseDone = current == target;
            } else if (repairTotal < 0 && current == checkTarget && target == checkTarget) {
                return; // a repeated end-of-check message is not a repair
            } else {
                what = "repaired";
                repairTotal = target;
            }
            if (firstCurrent < 0) {
                firstCurrent = current;
            }
            long now = nanos.getAsLong();
            double secs = (now - start) / 1e9;
            String rate = follow && secs > 0 && current > firstCurrent
                    ? String.format(Locale.ROOT, ", %.0f rounds/s", (current - firstCurrent) / secs) : "";
            double pct = target == 0 ? 100.0 : 100.0 * current / target;
            pending = String.format(Locale.ROOT, "%s %d/%d (%.1f %%)%s", what, current, target, pct, rate);
            if (current >= target || lastPrint == Long.MIN_VALUE || now - lastPrint >= 1_000_000_000L) {
                flush();
                lastPrint = now;
            }
        }

        void flush() {
            if (pending != null) {
                err.println(pending);
                err.flush();
                pending = null;
            }
        }
    }
}
