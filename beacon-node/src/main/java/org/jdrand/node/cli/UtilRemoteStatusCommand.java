package org.jdrand.node.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jdrand.node.cli.control.ControlClient;
import org.jdrand.node.cli.control.ControlException;
import org.jdrand.node.cli.control.NodeStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jdrand util remote-status}: other nodes' status, fetched by the local daemon. */
@Command(name = "remote-status", mixinStandardHelpOptions = true,
        description = {"Asks the local daemon to fetch the Status of other nodes (drand.Protocol/Status, 10 s each, "
            + "all at once): the listed HOST:PORT addresses, or every member of the beacon's group. Nodes "
            + "that do not answer are listed as UNREACHABLE and make the exit code 1."},
        footerHeading = "%nExamples:%n",
        footer = {"  jdrand util remote-status                      # every group member",
            "  jdrand util remote-status --id quicknet node2.example.org:4444"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every node answered", "1:a node is unreachable, or the daemon refused or could not be "
            + "reached", "2:invalid arguments"})
final class UtilRemoteStatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ControlOptions ctl;

    @Parameters(arity = "0..*", paramLabel = "HOST:PORT", description = "Nodes to ask (default: the group).")
    List<String> addresses = new ArrayList<>();

    @Override
    public Integer call() {
        try (ControlClient c = new ControlClient(ctl.control)) {
            Map<String, Optional<NodeStatus>> r;
            try {
                r = c.remoteStatus(ctl.beaconId, addresses);
            } catch (ControlException e) {
                spec.commandLine().getErr().println("util remote-status: " + e.getMessage());
                return 1;
            }
            PrintWriter out = spec.commandLine().getOut();
            int unreachable = 0;
            for (var e : new TreeMap<>(r).entrySet()) {
                if (e.getValue().isEmpty()) {
                    unreachable++;
                    out.println(e.getKey() + ": UNREACHABLE (no Status answer within 10 s)");
                } else {
                    StatusLines.print(out, e.getKey(), e.getValue().get());
                }
            }
            for (String a : addresses) {
                if (!r.containsKey(a)) {
                    unreachable++;
                    out.println(a + ": UNREACHABLE (no answer)");
                }
            }
            return unreachable == 0 ? 0 : 1;
        }
    }
}
