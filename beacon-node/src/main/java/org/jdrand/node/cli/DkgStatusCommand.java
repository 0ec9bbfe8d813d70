package org.jdrand.node.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.node.cli.control.CeremonyStatus;
import org.jdrand.node.cli.control.ControlClient;
import org.jdrand.node.cli.control.ControlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jdrand dkg status}: a beacon's current and last finished ceremony, once or until it ends. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows the current and last finished ceremony of a beacon."},
        footerHeading = "%nExamples:%n",
        footer = {"  jdrand dkg status", "  jdrand dkg status --format csv",
            "  jdrand dkg status --watch --wait-timeout 5m   # until Complete, Failed, TimedOut or Aborted"})
final class DkgStatusCommand extends DkgVerb {
    @Option(names = "--format", defaultValue = "pretty", description = "pretty or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--watch", description = "Print every change until the ceremony ends.")
    boolean watch;

    @Option(names = "--wait-timeout", defaultValue = "3m", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "With --watch, give up after this (default: ${DEFAULT-VALUE}).")
    Duration waitTimeout;

    @Override
    public Integer call() {
        if (watch) {
            return watch(ctl, out(), err(), waitTimeout);
        }
        try (ControlClient c = new ControlClient(ctl.control)) {
            CeremonyStatus r = c.dkgStatus(ctl.beaconId);
            if (format.equals("csv")) {
                out().println("which,beaconID,state,epoch,threshold,leader,joining,remaining,leaving,acceptors,"
                        + "rejectors,finalGroup");
                out().println(csv("current", r.current()));
                r.finished().ifPresent(f -> out().println(csv("finished", f)));
            } else {
                out().println("current:  " + pretty(r.current()));
                out().println("finished: " + r.finished().map(DkgStatusCommand::pretty).orElse("none"));
            }
            return 0;
        } catch (ControlException e) {
            err().println("dkg status: " + e.getMessage());
            return 1;
        }
    }

    /** Polls the status until the ceremony ends: 0 when Complete, 1 otherwise. */
    static int watch(ControlOptions ctl, PrintWriter out, PrintWriter err, Duration timeout) {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        String last = "";
        try (ControlClient c = new ControlClient(ctl.control)) {
            while (Instant.now().isBefore(deadline)) {
                CeremonyStatus.Entry e;
                try {
                    e = c.dkgStatus(ctl.beaconId).current();
                } catch (ControlException ex) {
                    err.println("dkg status: " + ex.getMessage());
                    return 1;
                }
                DkgState s = e.state();
                String line = s.drandName() + " epoch " + e.epoch();
                if (!line.equals(last)) {
                    out.println("[" + Duration.between(start, Instant.now()).toMillis() / 1000.0 + " s] " + line);
                    out.flush();
                    last = line;
                }
                if (s == DkgState.COMPLETE) {
                    out.println("DKG complete: epoch " + e.epoch() + ", group of " + e.finalGroup().size()
                            + " nodes, threshold " + e.threshold());
                    return 0;
                }
                if (s == DkgState.FAILED || s == DkgState.TIMED_OUT || s == DkgState.ABORTED) {
                    err.println("DKG ended " + s.drandName() + " at epoch " + e.epoch() + ": see the daemon's log for the "
                            + "reason; then 'jdrand dkg init/reshare' again");
                    return 1;
                }
                try {
                    Thread.sleep(200); // polling the daemon, as an operator would
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return 1;
                }
            }
        }
        err.println("dkg status: still " + last + " after " + timeout.toSeconds() + " s (the DKG itself times out; "
                + "run 'jdrand dkg status' again)");
        return 1;
    }

    private static String addrs(List<String> addresses) {
        return String.join(" ", addresses);
    }

    private static String pretty(CeremonyStatus.Entry e) {
        return "state=" + e.state().drandName() + " epoch=" + e.epoch() + " threshold="
                + e.threshold() + " leader=" + e.leader()
                + e.genesisTime().map(g -> " genesis=" + g).orElse("")
                + "\n          joining=[" + addrs(e.joining()) + "] remaining=[" + addrs(e.remaining())
                + "] leaving=[" + addrs(e.leaving()) + "]"
                + "\n          acceptors=[" + addrs(e.acceptors()) + "] rejectors=["
                + addrs(e.rejectors()) + "] finalGroup=[" + addrs(e.finalGroup()) + "]";
    }

    private static String csv(String which, CeremonyStatus.Entry e) {
        return String.join(",", which, e.beaconId(), e.state().drandName(),
                Integer.toString(e.epoch()), Integer.toString(e.threshold()), e.leader(),
                addrs(e.joining()), addrs(e.remaining()), addrs(e.leaving()),
                addrs(e.acceptors()), addrs(e.rejectors()), addrs(e.finalGroup()));
    }
}
